/**
 * The fallbacks the example chooses by code, then by kind: what an app shows its users. Every
 * adapter's page uses the same ones, so the only difference between pages is the client.
 */
import type { StandardCode } from "@faultline/core";
import type { ReactNode } from "react";
import { type ApiErrorBoundaryProps, type Fallback, type FallbackProps, Outcome } from "./Outcome";
import { retryProgress } from "./retryProgress";

function Card({
  error,
  reset,
  title,
  hint,
  by,
}: FallbackProps & { title: string; hint: ReactNode; by: string }) {
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

const slowDown: Fallback = (p) => (
  <Card
    {...p}
    by="code"
    title="Slow down"
    hint={`Too many requests: the server asks to wait ${seconds(p.error.retryAfterMs)}.`}
  />
);

const codes: Partial<Record<StandardCode, Fallback>> = {
  RATE_LIMITED: slowDown,
  RATE_LIMIT_EXCEEDED: slowDown,
  INSUFFICIENT_BALANCE: (p) => {
    const d = p.error.details as { required?: string; available?: string } | undefined;
    return (
      <Card
        {...p}
        by="code"
        title="Add funds"
        hint={`This needs ${d?.required ?? "more"}; the balance is ${d?.available ?? "lower"}.`}
      />
    );
  },
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

const kinds: ApiErrorBoundaryProps["kinds"] = {
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

const fallback: Fallback = (p) => <Card {...p} by="default" title="Request failed" hint={p.error.message} />;

/** The boundary props every adapter page uses: `<ApiErrorBoundary {...fallbacks}>`. */
export const fallbacks = { codes, kinds, fallback } satisfies ApiErrorBoundaryProps;
