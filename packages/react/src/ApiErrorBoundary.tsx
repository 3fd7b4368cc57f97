/**
 * The error boundary whose fallback is chosen by the error's code, then its kind, then a last resort,
 * and that passes everything else to the parent boundary.
 *
 * @since 0.1.0
 */
import type { ApiError } from "@faultline/core";
import { Component, type ErrorInfo, type ReactNode } from "react";
import { BoundaryContext } from "./internal/context";
import { toApiError } from "./internal/toApiError";
import type { ApiErrorBoundaryProps, FallbackRender } from "./options";

interface State {
  /** What was thrown, as thrown; `null` while the children render. */
  readonly thrown: { readonly value: unknown } | null;
}

const keysChanged = (a: ReadonlyArray<unknown> = [], b: ReadonlyArray<unknown> = []): boolean =>
  a.length !== b.length || a.some((item, i) => !Object.is(item, b[i]));

/**
 * The fallback for an error under these props: by `code` first, then by kind (`_tag`), then
 * `fallback`; `undefined` when none matches (the error goes to the parent boundary).
 */
const selectFallback = (
  props: ApiErrorBoundaryProps,
  error: ApiError,
): FallbackRender<ApiError> | undefined => {
  const { codes, kinds, fallback } = props;
  if (codes !== undefined && error.code !== undefined && Object.hasOwn(codes, error.code)) {
    const byCode = codes[error.code];
    if (byCode !== undefined) return byCode;
  }
  if (kinds !== undefined && Object.hasOwn(kinds, error._tag)) {
    const byKind = (kinds as Record<string, FallbackRender<ApiError> | undefined>)[error._tag];
    if (byKind !== undefined) return byKind;
  }
  return fallback;
};

/**
 * An error boundary for API errors. The fallback is chosen by the error's `code` (`codes`), then by
 * its kind (`kinds`, keyed by `_tag`), then `fallback`. An API error that matches none of them, and
 * anything thrown that is not an API error, is thrown again so the parent boundary catches it: this
 * boundary never swallows what it was not asked to handle.
 *
 * Errors from another copy of `@faultline/core` match like any other (the brand is a global symbol),
 * and serialized errors (`error.toJSON()` sent through JSON) are revived first.
 *
 * For codes checked against your catalog, use `createApiErrorBoundary(catalog)`.
 *
 * @example
 * ```tsx
 * import type { ReactNode } from "react";
 * import { ApiErrorBoundary } from "@faultline/react";
 * declare const Profile: () => ReactNode;
 * export const Page = ({ userId }: { userId: string }) => (
 *   <ApiErrorBoundary
 *     codes={{ NOT_FOUND: () => <p>No such user.</p> }}
 *     kinds={{ TooManyRequests: ({ reset }) => <button onClick={reset}>Try again</button> }}
 *     fallback={({ error, reset }) => <p role="alert" onClick={reset}>{error.message}</p>}
 *     onError={(error) => console.warn(error.code, error.requestId)}
 *     resetKeys={[userId]}
 *   >
 *     <Profile />
 *   </ApiErrorBoundary>
 * );
 * ```
 * @since 0.1.0
 */
export class ApiErrorBoundary extends Component<ApiErrorBoundaryProps, State> {
  static getDerivedStateFromError(thrown: unknown): State {
    return { thrown: { value: thrown } };
  }

  override state: State = { thrown: null };

  /** The revived error for the current `thrown` (revived once, so fallbacks see one object). */
  private revived: { readonly thrown: unknown; readonly error: ApiError | undefined } | null = null;

  private readonly api = { reset: (): void => this.reset() };

  private errorFor(thrown: unknown): ApiError | undefined {
    if (this.revived === null || this.revived.thrown !== thrown) {
      this.revived = { thrown, error: toApiError(thrown) };
    }
    return this.revived.error;
  }

  /** Renders the children again; `onReset` says it was `reset()`. */
  reset(): void {
    const current = this.state.thrown;
    if (current === null) return;
    const error = this.errorFor(current.value);
    if (error !== undefined) this.props.onReset?.({ reason: "imperative-api", error });
    this.setState({ thrown: null });
  }

  override componentDidCatch(thrown: unknown, info: ErrorInfo): void {
    const error = this.errorFor(thrown);
    // Errors this boundary passes up are thrown again from render; only report what it shows.
    if (error !== undefined && selectFallback(this.props, error) !== undefined) {
      this.props.onError?.(error, info);
    }
  }

  override componentDidUpdate(prevProps: ApiErrorBoundaryProps, prevState: State): void {
    const current = this.state.thrown;
    // Only when the fallback was already showing: keys that change in the same update that threw
    // must not reset at once (that would loop).
    if (
      current !== null &&
      prevState.thrown !== null &&
      keysChanged(prevProps.resetKeys, this.props.resetKeys)
    ) {
      const error = this.errorFor(current.value);
      if (error !== undefined) {
        this.props.onReset?.({
          reason: "keys",
          error,
          prev: prevProps.resetKeys,
          next: this.props.resetKeys,
        });
      }
      this.setState({ thrown: null });
    }
  }

  override render(): ReactNode {
    const current = this.state.thrown;
    let content: ReactNode = this.props.children;
    if (current !== null) {
      const error = this.errorFor(current.value);
      const render = error === undefined ? undefined : selectFallback(this.props, error);
      // Not ours to handle: rethrow what was thrown, as it was thrown, for the parent boundary.
      if (error === undefined || render === undefined) throw current.value;
      content = render({ error, reset: this.api.reset });
    }
    return <BoundaryContext.Provider value={this.api}>{content}</BoundaryContext.Provider>;
  }
}
