/** `<Outcome />`: the typed error as a user sees it, with the attributes the e2e suite reads. */
import type { ApiError } from "@faultline/core";
import type { ReactNode } from "react";

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
