/**
 * Props and callback types of the boundaries: fallback render props, reset details, the code and
 * kind maps, and the catalog-typed forms.
 *
 * @since 0.1.0
 */
import type { AnyCatalog, ApiError, ApiErrorTag, CatalogError, CodedError, CodeOf } from "@faultline/core";
import type { ErrorInfo, ReactNode } from "react";

/**
 * What a fallback receives: the error it was chosen for and `reset`, which renders the children
 * again (after the user fixed something, or to retry).
 *
 * @example
 * ```tsx
 * import type { FallbackProps } from "@faultline/react";
 * import type { ApiError } from "@faultline/core";
 * const Retry = ({ error, reset }: FallbackProps<ApiError>) => <button onClick={reset}>{error.message}</button>;
 * ```
 * @since 0.1.0
 */
export interface FallbackProps<TError> {
  /** The error, revived into a real error object when a serialized one was thrown. */
  readonly error: TError;
  /** Clears the error and renders the children again; `onReset` gets `{ reason: "imperative-api" }`. */
  readonly reset: () => void;
}

/**
 * A fallback: a function of {@link FallbackProps} that returns what to render instead of the
 * children. It is called as a render function (not mounted as a component), so it may not call hooks;
 * render a component from it when you need them.
 *
 * @example
 * ```tsx
 * import type { FallbackRender } from "@faultline/react";
 * import type { ApiError } from "@faultline/core";
 * const render: FallbackRender<ApiError> = ({ error }) => <p role="alert">{error.message}</p>;
 * ```
 * @since 0.1.0
 */
export type FallbackRender<TError> = (props: FallbackProps<TError>) => ReactNode;

/**
 * Why a boundary rendered its children again: `reset()` was called (`"imperative-api"`), or its
 * `resetKeys` changed (`"keys"`, with the old and new keys). `error` is the error that was shown.
 *
 * @example
 * ```ts
 * import type { ResetDetails } from "@faultline/react";
 * const log = (d: ResetDetails) => (d.reason === "keys" ? d.next : d.reason);
 * ```
 * @since 0.1.0
 */
export type ResetDetails =
  | { readonly reason: "imperative-api"; readonly error: ApiError }
  | {
      readonly reason: "keys";
      readonly error: ApiError;
      readonly prev: ReadonlyArray<unknown> | undefined;
      readonly next: ReadonlyArray<unknown> | undefined;
    };

/**
 * One optional fallback per kind (`_tag`), each receiving the error narrowed to that kind.
 *
 * @example
 * ```tsx
 * import type { KindFallbacks } from "@faultline/react";
 * import type { ApiError } from "@faultline/core";
 * const kinds: KindFallbacks<ApiError> = {
 *   TooManyRequests: ({ error }) => <p>Try again in {Math.ceil((error.retryAfterMs ?? 1000) / 1000)} s</p>,
 * };
 * ```
 * @since 0.1.0
 */
export type KindFallbacks<TError extends { readonly _tag: string }> = {
  readonly [K in ApiErrorTag]?: FallbackRender<Extract<TError, { readonly _tag: K }>>;
};

/**
 * Props shared by every boundary: callbacks, reset keys and children.
 *
 * @example
 * ```ts
 * import type { BoundaryBaseProps } from "@faultline/react";
 * import type { ApiError } from "@faultline/core";
 * const base: BoundaryBaseProps<ApiError> = { resetKeys: ["user-1"], onError: (e) => console.warn(e.code) };
 * ```
 * @since 0.1.0
 */
export interface BoundaryBaseProps<TError> {
  /** Called once for each error this boundary shows a fallback for (not for errors it passes up). */
  readonly onError?: ((error: TError, info: ErrorInfo) => void) | undefined;
  /** Called before the children render again, with the reason. */
  readonly onReset?: ((details: ResetDetails) => void) | undefined;
  /** When any item changes (`Object.is`) while a fallback is shown, the children render again. */
  readonly resetKeys?: ReadonlyArray<unknown> | undefined;
  readonly children?: ReactNode;
}

/**
 * Props of {@link ApiErrorBoundary}: fallbacks by code, by kind, and a last resort. An API error that
 * none of them matches, and anything thrown that is not an API error, goes to the parent boundary.
 *
 * @example
 * ```tsx
 * import type { ApiErrorBoundaryProps } from "@faultline/react";
 * const props: ApiErrorBoundaryProps = {
 *   codes: { NOT_FOUND: ({ error }) => <p>{error.message}</p> },
 *   kinds: { TooManyRequests: ({ reset }) => <button onClick={reset}>Retry</button> },
 * };
 * ```
 * @since 0.1.0
 */
export interface ApiErrorBoundaryProps extends BoundaryBaseProps<ApiError> {
  /** Fallbacks by the error's `code`, checked first. */
  readonly codes?: { readonly [code: string]: FallbackRender<ApiError> } | undefined;
  /** Fallbacks by the error's kind (`_tag`), checked when no code fallback matched. */
  readonly kinds?: KindFallbacks<ApiError> | undefined;
  /** Fallback for any other API error; without it, unmatched API errors go to the parent boundary. */
  readonly fallback?: FallbackRender<ApiError> | undefined;
}

/**
 * One fallback per code of a catalog (all optional), each receiving that code's error type with its
 * typed `details`. A key that is not one of the catalog's codes does not compile.
 *
 * @example
 * ```tsx
 * import type { CodeFallbacks } from "@faultline/react";
 * import type { standardCatalog } from "@faultline/core";
 * const codes: CodeFallbacks<typeof standardCatalog> = { NOT_FOUND: ({ error }) => <p>{error.code}</p> };
 * ```
 * @since 0.1.0
 */
export type CodeFallbacks<TCatalog extends AnyCatalog> = {
  readonly [K in CodeOf<TCatalog>]?: FallbackRender<CodedError<TCatalog, K>>;
};

/**
 * Props of the boundary made by `createApiErrorBoundary(catalog)`: {@link ApiErrorBoundaryProps}
 * with `codes` keyed by the catalog's codes and errors typed by the catalog.
 *
 * @example
 * ```tsx
 * import type { CatalogBoundaryProps } from "@faultline/react";
 * import type { standardCatalog } from "@faultline/core";
 * const props: CatalogBoundaryProps<typeof standardCatalog> = { codes: { RATE_LIMITED: ({ reset }) => <button onClick={reset}>Retry</button> } };
 * ```
 * @since 0.1.0
 */
export interface CatalogBoundaryProps<TCatalog extends AnyCatalog>
  extends BoundaryBaseProps<CatalogError<TCatalog>> {
  readonly codes?: CodeFallbacks<TCatalog> | undefined;
  readonly kinds?: KindFallbacks<CatalogError<TCatalog>> | undefined;
  readonly fallback?: FallbackRender<CatalogError<TCatalog>> | undefined;
}

/**
 * Props of the exhaustive boundary made by `createApiErrorBoundary(catalog)`: a fallback for
 * **every** code of the catalog (a missing one does not compile), optional kind fallbacks, and
 * `unknown` for API errors whose code the catalog does not declare (or that have none). Errors that
 * are not API errors still go to the parent boundary.
 *
 * @example
 * ```tsx
 * import { defineCatalog } from "@faultline/core";
 * import type { ExhaustiveBoundaryProps } from "@faultline/react";
 * const shop = defineCatalog({ OUT_OF_STOCK: { status: 409, title: "Out of stock" } });
 * const props: ExhaustiveBoundaryProps<typeof shop> = {
 *   codes: { OUT_OF_STOCK: () => <p>Sold out</p> },
 *   unknown: ({ error }) => <p>{error.message}</p>,
 * };
 * ```
 * @since 0.1.0
 */
export interface ExhaustiveBoundaryProps<TCatalog extends AnyCatalog>
  extends BoundaryBaseProps<CatalogError<TCatalog>> {
  readonly codes: {
    readonly [K in CodeOf<TCatalog>]-?: FallbackRender<CodedError<TCatalog, K>>;
  };
  readonly kinds?: KindFallbacks<CatalogError<TCatalog>> | undefined;
  /** API errors whose code is not one of the catalog's (or that carry no code). */
  readonly unknown: FallbackRender<CatalogError<TCatalog>>;
}

/**
 * What {@link useApiErrorBoundary} returns.
 *
 * @example
 * ```ts
 * import type { ApiErrorBoundaryApi } from "@faultline/react";
 * const fail = (api: ApiErrorBoundaryApi, e: unknown) => api.showBoundary(e);
 * ```
 * @since 0.1.0
 */
export interface ApiErrorBoundaryApi {
  /**
   * Sends an error (from an event handler, an effect, a promise) to the nearest boundary, as if the
   * component had thrown it while rendering.
   */
  readonly showBoundary: (error: unknown) => void;
  /** Resets the nearest boundary (use it from a component rendered by a fallback). */
  readonly resetBoundary: () => void;
}
