/**
 * The fallbacks the example chooses by code, then by kind: what an app shows its users. Every
 * adapter's page uses the same boundary, so the only difference between pages is the client.
 */
import { type ApiError, standardCatalog } from "@faultline/core";
import { type CatalogBoundaryProps, createApiErrorBoundary, type FallbackProps } from "@faultline/react";
import type { ReactNode } from "react";
import { Outcome } from "./Outcome";
import { retryProgress } from "./retryProgress";

/** `@faultline/react`'s boundary typed by the standard catalog: `codes` keys and `details` are checked. */
export const { ApiErrorBoundary } = createApiErrorBoundary(standardCatalog);

type Props = CatalogBoundaryProps<typeof standardCatalog>;

function Card({
  error,
  reset,
  title,
  hint,
  by,
}: FallbackProps<ApiError> & { title: string; hint: ReactNode; by: string }) {
  return (
    <section className="card failure" data-fallback={by}>
      <h2>{title}</h2>
      <p>{hint}</p>
      <Outcome error={error} />
      <p className="muted">
        Fallback chosen by {by}.{" "}
        <button
          type="button"
          onClick={() => {
            retryProgress.reset();
            reset();
          }}
        >
          Try again
        </button>
      </p>
    </section>
  );
}

const seconds = (ms: number | undefined) => (ms === undefined ? "a moment" : `${Math.ceil(ms / 1000)} s`);

const slowDown = (p: FallbackProps<ApiError>) => (
  <Card
    {...p}
    by="code"
    title="Slow down"
    hint={`Too many requests: the server asks to wait ${seconds(p.error.retryAfterMs)}.`}
  />
);

const codes: Props["codes"] = {
  RATE_LIMITED: slowDown,
  RATE_LIMIT_EXCEEDED: slowDown,
  // `details` is typed by the catalog: { required: string; available: string } | undefined.
  INSUFFICIENT_BALANCE: (p) => (
    <Card
      {...p}
      by="code"
      title="Add funds"
      hint={`This needs ${p.error.details?.required ?? "more"}; the balance is ${p.error.details?.available ?? "lower"}.`}
    />
  ),
  VALIDATION_ERROR: (p) => (
    <Card
      {...p}
      by="code"
      title="Check the form"
      hint={`The field “${p.error.field ?? "?"}” is invalid: ${p.error.message}`}
    />
  ),
  DUPLICATE_CANDIDATE: (p) => (
    <Card
      {...p}
      by="code"
      title="Already imported"
      hint="A candidate with this email is already in the job position."
    />
  ),
  WEBHOOK_LIMIT_REACHED: (p) => (
    <Card {...p} by="code" title="Webhook limit reached" hint="Remove a webhook before adding another one." />
  ),
};

const kinds: Props["kinds"] = {
  Unauthorized: (p) => (
    <Card {...p} by="kind" title="Sign in again" hint="Your API key is missing, invalid or expired." />
  ),
  Forbidden: (p) => (
    <Card {...p} by="kind" title="No access" hint="Your key is valid but not allowed to do this." />
  ),
  NotFound: (p) => (
    <Card {...p} by="kind" title="Not found" hint="It may have been deleted, or the id is wrong." />
  ),
  Conflict: (p) => (
    <Card {...p} by="kind" title="Conflict" hint="The resource is not in a state that allows this." />
  ),
  InternalServerError: (p) => (
    <Card {...p} by="kind" title="Something broke on our side" hint="We retried; it still fails." />
  ),
  ServiceUnavailable: (p) => (
    <Card
      {...p}
      by="kind"
      title="Down for maintenance"
      hint="We retried after the server's hint; try again later."
    />
  ),
};

const fallback: Props["fallback"] = (p) => (
  <Card {...p} by="default" title="Request failed" hint={p.error.message} />
);

/** The boundary props every adapter page uses: `<ApiErrorBoundary {...fallbacks}>`. */
export const fallbacks = { codes, kinds, fallback } satisfies Props;
