/**
 * A local error boundary with the props of `@faultline/react`'s `ApiErrorBoundary` (`codes`,
 * `kinds`, `fallback`, each `({ error, reset }) => ReactNode`), so moving to the package is an
 * import change; and `<Outcome />`, the typed error as a user sees it.
 */
import { type ApiError, type ApiErrorTag, fromUnknown, isApiError } from "@faultline/core";
import { Component, type ReactNode } from "react";

/** What a fallback receives: the typed error and a function that clears it and renders the children again. */
export interface FallbackProps {
  readonly error: ApiError;
  readonly reset: () => void;
}

export type Fallback = (props: FallbackProps) => ReactNode;

export interface ApiErrorBoundaryProps {
  /** Fallbacks by code; the first match wins. */
  readonly codes?: Partial<Record<string, Fallback>>;
  /** Fallbacks by kind (`_tag`), for errors whose code has none. */
  readonly kinds?: { readonly [K in ApiErrorTag]?: Fallback };
  /** For every other error. */
  readonly fallback: Fallback;
  readonly children?: ReactNode;
}

interface State {
  readonly error: ApiError | undefined;
}

/** Catches what its children throw, converts it with core's `fromUnknown`, and renders the fallback chosen by code, then kind. */
export class ApiErrorBoundary extends Component<ApiErrorBoundaryProps, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(thrown: unknown): State {
    return { error: isApiError(thrown) ? thrown : fromUnknown(thrown) };
  }

  reset = () => this.setState({ error: undefined });

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    const chosen =
      (error.code !== undefined && Object.hasOwn(this.props.codes ?? {}, error.code)
        ? this.props.codes?.[error.code]
        : undefined) ??
      this.props.kinds?.[error._tag] ??
      this.props.fallback;
    return chosen({ error, reset: this.reset });
  }
}

const row = (label: string, value: ReactNode) =>
  value === undefined || value === "" ? null : (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );

/** The typed error: kind, code, status, message, field, request id, retry hint, attempts and details. */
export function Outcome({ error }: { readonly error: ApiError }) {
  return (
    <div
      className="outcome"
      data-testid="outcome"
      data-code={error.code ?? ""}
      data-kind={error._tag}
      data-status={error.status}
    >
      <dl>
        {row("kind", <code>{error._tag}</code>)}
        {row("code", error.code === undefined ? undefined : <code>{error.code}</code>)}
        {row("status", String(error.status))}
        {row("message", error.message)}
        {row("field", error.field === undefined ? undefined : <code>{error.field}</code>)}
        {row("request id", error.requestId === undefined ? undefined : <code>{error.requestId}</code>)}
        {row("retryable", error.retryable ? "yes" : "no")}
        {row("retry after", error.retryAfterMs === undefined ? undefined : `${error.retryAfterMs} ms`)}
        {row(
          "rate limit",
          error.rateLimit === undefined
            ? undefined
            : `${error.rateLimit.remaining ?? "?"} of ${error.rateLimit.limit ?? "?"} left`,
        )}
        {row("attempts", error.attempts === undefined ? undefined : String(error.attempts))}
        {row(
          "details",
          error.details === undefined ? undefined : <pre>{JSON.stringify(error.details, null, 2)}</pre>,
        )}
      </dl>
    </div>
  );
}
