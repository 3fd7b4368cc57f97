"use client";
import { type AnyCatalog, type ApiError, isApiError } from "@faultline/core";
import {
  ApiErrorBoundary,
  type ApiErrorBoundaryProps,
  type CatalogBoundaryProps,
  createApiErrorBoundary,
  type ResetDetails,
} from "@faultline/react";
import { QueryErrorResetBoundary } from "@tanstack/react-query";
import { Component, type ComponentType, type ReactNode } from "react";
import { toError } from "./internal/toError";
import type { ErrorConverter } from "./options";

/**
 * The props {@link QueryApiErrorBoundary} adds to `@faultline/react`'s: a converter for thrown
 * values that are not Faultline errors yet (tRPC's `TRPCClientError`), and the catalog it uses.
 */
interface ConvertProps {
  /**
   * Converts what the children throw before the fallback is chosen, e.g. `fromTRPCClientError` from
   * `@faultline/trpc/client`. Values it turns into `Unexpected` (render bugs) go up as thrown.
   */
  readonly toError?: ErrorConverter | undefined;
  /** The catalog given to `toError`. */
  readonly catalog?: AnyCatalog | undefined;
}

interface ConvertState {
  readonly thrown: { readonly value: unknown } | null;
}

/** Catches what its children throw and throws it again converted, for the boundary above it. */
class Convert extends Component<
  {
    readonly convert: ErrorConverter;
    readonly catalog: AnyCatalog | undefined;
    readonly children?: ReactNode;
  },
  ConvertState
> {
  static getDerivedStateFromError(thrown: unknown): ConvertState {
    return { thrown: { value: thrown } };
  }

  override state: ConvertState = { thrown: null };

  private converted: { readonly thrown: unknown; readonly error: unknown } | null = null;

  override render(): ReactNode {
    const current = this.state.thrown;
    if (current === null) return this.props.children;
    if (this.converted === null || this.converted.thrown !== current.value) {
      const value = current.value;
      let error: unknown = value;
      if (!isApiError(value)) {
        const made: ApiError = toError(value, this.props.catalog, this.props.convert);
        // Not an API failure the converter recognised: the parent boundary gets it as thrown.
        if (made._tag !== "Unexpected") error = made;
      }
      this.converted = { thrown: value, error };
    }
    throw this.converted.error;
  }
}

const withQueryReset = <TProps extends { readonly onReset?: ((details: ResetDetails) => void) | undefined }>(
  Boundary: ComponentType<TProps>,
  fixedCatalog?: AnyCatalog,
): ((props: TProps & ConvertProps) => ReactNode) => {
  const QueryBoundary = ({ toError: convert, catalog, ...rest }: TProps & ConvertProps): ReactNode => {
    const props = rest as unknown as TProps;
    return (
      <QueryErrorResetBoundary>
        {({ reset }) => (
          <Boundary
            {...props}
            onReset={(details: ResetDetails) => {
              // Before the children render again: their failed queries fetch again on mount.
              reset();
              props.onReset?.(details);
            }}
          >
            {convert === undefined ? (
              (props as { children?: ReactNode }).children
            ) : (
              <Convert convert={convert} catalog={catalog ?? fixedCatalog}>
                {(props as { children?: ReactNode }).children}
              </Convert>
            )}
          </Boundary>
        )}
      </QueryErrorResetBoundary>
    );
  };
  return QueryBoundary;
};

/**
 * `@faultline/react`'s `ApiErrorBoundary` (a fallback chosen by code, then kind, then `fallback`;
 * anything else goes up to the parent boundary) inside TanStack Query's `QueryErrorResetBoundary`:
 * the fallback's `reset()` (and a change of `resetKeys`) retries the queries that failed below it
 * instead of rendering the same error again. Use it around components whose queries throw
 * (`useSuspenseQuery`, or `throwOnError`, see `throwOnErrorFor`).
 *
 * With `toError` (e.g. `fromTRPCClientError` from `@faultline/trpc/client` for
 * `@trpc/tanstack-react-query`), what the children throw is converted first, so a tRPC error's
 * code and kind choose the fallback; values it converts to `Unexpected` go up as thrown.
 *
 * @example
 * ```tsx
 * import { useSuspenseQuery } from "@tanstack/react-query";
 * import { QueryApiErrorBoundary } from "@faultline/react-query";
 *
 * const User = () => {
 *   const { data } = useSuspenseQuery({ queryKey: ["me"], queryFn: () => fetch("/me").then((r) => r.text()) });
 *   return <p>{data}</p>;
 * };
 * export const Page = () => (
 *   <QueryApiErrorBoundary
 *     codes={{ NOT_FOUND: () => <p>No such user</p> }}
 *     kinds={{ Network: ({ reset }) => <button onClick={reset}>Offline? Try again</button> }}
 *     fallback={({ error, reset }) => <button onClick={reset}>{error.message}: retry</button>}
 *   >
 *     <User />
 *   </QueryApiErrorBoundary>
 * );
 * ```
 * @since 0.1.0
 */
export const QueryApiErrorBoundary: (props: ApiErrorBoundaryProps & ConvertProps) => ReactNode =
  withQueryReset<ApiErrorBoundaryProps>(ApiErrorBoundary);

/**
 * {@link QueryApiErrorBoundary} typed by your catalog: `codes` keys must be the catalog's codes and
 * each fallback gets the error of that code (typed `details`). Create it once, next to the catalog.
 *
 * @example
 * ```tsx
 * import { defineCatalog } from "@faultline/core";
 * import { createQueryApiErrorBoundary } from "@faultline/react-query";
 * import type { ReactNode } from "react";
 *
 * const shop = defineCatalog({ OUT_OF_STOCK: { status: 409, title: "Out of stock" } });
 * export const ShopBoundary = createQueryApiErrorBoundary(shop);
 * export const Cart = ({ children }: { children: ReactNode }) => (
 *   <ShopBoundary codes={{ OUT_OF_STOCK: ({ reset }) => <button onClick={reset}>Reload</button> }}>
 *     {children}
 *   </ShopBoundary>
 * );
 * ```
 * @since 0.1.0
 */
export const createQueryApiErrorBoundary = <const TCatalog extends AnyCatalog>(
  catalog: TCatalog,
): ((props: CatalogBoundaryProps<TCatalog> & Omit<ConvertProps, "catalog">) => ReactNode) =>
  withQueryReset<CatalogBoundaryProps<TCatalog>>(createApiErrorBoundary(catalog).ApiErrorBoundary, catalog);
