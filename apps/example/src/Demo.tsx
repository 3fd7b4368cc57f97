/**
 * What every adapter demo shares: its props (the call to make), the pending view (the call and the
 * retries in progress, with a countdown of the server's hint) and the success view.
 */
import { use, useEffect, useState, useSyncExternalStore } from "react";
import { retryProgress } from "./retryProgress";
import type { ApiCall } from "./scenarios";

/** The props of an adapter's demo: the call that fails with the page's code. */
export interface DemoProps {
  readonly call: ApiCall;
}

const requestLine = (call: ApiCall) => `${call.method} /api${call.path}?${new URLSearchParams(call.query)}`;

/** The retry in progress: "attempt 1 failed with RATE_LIMITED (429), attempt 2 in 1.4 s". */
export function RetryProgress() {
  const state = useSyncExternalStore(retryProgress.subscribe, retryProgress.get, retryProgress.get);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (state === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [state]);
  if (state === undefined) {
    return (
      <p className="retry" data-testid="attempt" data-attempt={1}>
        Attempt 1…
      </p>
    );
  }
  const left = state.nextAt === undefined ? 0 : Math.max(0, state.nextAt - now);
  return (
    <div className="retry" data-testid="attempt" data-attempt={state.attempt + 1}>
      <p>
        Attempt {state.attempt} failed with <code>{state.error.code ?? state.error._tag}</code> (
        {state.error.status}).{" "}
        {left > 0 ? (
          <>
            Attempt {state.attempt + 1} in{" "}
            <strong data-testid="countdown">{(left / 1000).toFixed(1)} s</strong>
          </>
        ) : (
          <>Attempt {state.attempt + 1}…</>
        )}
      </p>
      {state.delayMs === undefined ? null : <progress max={state.delayMs} value={state.delayMs - left} />}
      <p className="muted">
        Wait chosen by the retry policy:{" "}
        {state.error.retryAfterMs !== undefined
          ? `the server's hint (${state.error.retryAfterMs} ms)`
          : state.delayMs === undefined
            ? "backoff with jitter"
            : `backoff with jitter (${state.delayMs} ms)`}
      </p>
    </div>
  );
}

/** Shown while the call (and its retries) runs. */
export function Pending({ call }: DemoProps) {
  return (
    <section className="card pending">
      <p>
        <code>{requestLine(call)}</code>
      </p>
      <RetryProgress />
    </section>
  );
}

/** Shown when the call succeeds (after the retries the server asked for, if any). */
export function Success({ response }: { readonly response: Promise<unknown> }) {
  return <SuccessData data={use(response)} />;
}

/** {@link Success} for a client that hands over the data itself (React Query). */
export function SuccessData({ data }: { readonly data: unknown }) {
  const retried = retryProgress.get();
  return (
    <section className="card success" data-testid="result" data-attempts={(retried?.attempt ?? 0) + 1}>
      <h2>Success{retried ? ` after ${retried.attempt + 1} attempts` : ""}</h2>
      <pre>{JSON.stringify(data, null, 2) ?? "(no content)"}</pre>
    </section>
  );
}
