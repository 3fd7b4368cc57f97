/**
 * The retry link: tRPC calls retried by core's policy, with the server's hint as the delay.
 * Replaces core's former `trpcRetry` helper.
 *
 * @since 0.1.0
 */
import { type ApiError, makeError, type RetryDecision, shouldRetry, withAttempts } from "@faultline/core";
import { TRPCClientError, type TRPCLink } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { observable, type Unsubscribable } from "@trpc/server/observable";
import { fromTRPCClientError } from "./fromTRPCClientError";
import type { BeforeRetryContext, FaultlineRetryLinkOptions, FaultlineRetryOptions } from "./options";

/** Calls the hook; a hook that throws or rejects must not break the retry. */
const callHook = (
  hook: ((context: BeforeRetryContext) => void | Promise<void>) | undefined,
  context: BeforeRetryContext,
): void => {
  if (hook === undefined) return;
  try {
    const result: unknown = hook(context);
    if (result instanceof Promise) result.catch(() => {});
  } catch {
    // An observer's failure is not the request's.
  }
};

/** The part of a tRPC operation the retry decision reads. */
interface OperationLike {
  readonly type: string;
  readonly context: Readonly<Record<string, unknown>>;
}

const defaultKey = (op: OperationLike): string | undefined => {
  const key = op.context.idempotencyKey;
  return typeof key === "string" && key.trim() !== "" ? key : undefined;
};

/** The idempotency key of an operation, by the option or `op.context.idempotencyKey`. */
export const idempotencyKeyOf = (
  op: OperationLike,
  options: FaultlineRetryOptions = {},
): string | undefined => {
  try {
    const key = (options.idempotencyKey ?? defaultKey)(op);
    return typeof key === "string" && key.trim() !== "" ? key : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The retry decision for one failed operation. Queries and subscriptions count as GET; mutations
 * as POST, retried only with an idempotency key. An error that already carries `attempts` (it went
 * through a retrying client: this link, or a retrying `fetch`) is never retried again.
 */
export const decideForOperation = (
  error: ApiError,
  op: OperationLike,
  attempt: number,
  elapsedMs: number,
  options: FaultlineRetryOptions = {},
): RetryDecision => {
  if (error.attempts !== undefined) return { retry: false, reason: "attempts" };
  const key = op.type === "mutation" ? idempotencyKeyOf(op, options) : undefined;
  return shouldRetry(
    error,
    {
      attempt,
      elapsedMs,
      method: op.type === "mutation" ? "POST" : "GET",
      headers: key === undefined ? undefined : { "idempotency-key": key },
    },
    options,
  );
};

const surface = (error: unknown, core: ApiError): TRPCClientError<AnyTRPCRouter> => {
  const shape =
    typeof error === "object" && error !== null ? (error as { shape?: unknown }).shape : undefined;
  const meta = typeof error === "object" && error !== null ? (error as { meta?: unknown }).meta : undefined;
  const message =
    typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
  return new TRPCClientError(typeof message === "string" ? message : core.message, {
    ...(shape !== undefined && shape !== null ? { result: { error: shape as never } } : {}),
    cause: core,
    ...(typeof meta === "object" && meta !== null ? { meta: meta as Record<string, unknown> } : {}),
  });
};

/**
 * A tRPC link that retries failed queries and mutations by core's retry policy (`shouldRetry`):
 * only retryable errors (network failures, 408, 429, 500, 502, 503, 504, or as the catalog says),
 * never a 4xx, never a mutation without an idempotency key (`context: { idempotencyKey }`, sent by
 * {@link idempotencyKeyHeaders}), never an error that already carries `attempts` from a retrying
 * client, within the attempt limit and time budget. The delay is the server's hint
 * (`retryAfterMs`, sent by `faultlineErrorFormatter`) when there is one, else backoff with full
 * jitter; a hint over `maxRetryAfterMs` surfaces the error at once. A caller's abort cancels the
 * wait. Subscriptions pass through untouched.
 *
 * `beforeRetry` (as in `@faultline/fetch`'s hooks) is called before each wait with the attempt that
 * failed, its core error, the chosen `delayMs` and the operation's `path` and `type`: log it, count
 * it, show "retrying in 2 s". It is not awaited, and a hook that throws or rejects does not stop
 * the retry.
 *
 * The error that leaves the link is a `TRPCClientError` whose `cause` is the core error with
 * `attempts` and `elapsedMs` set, so React Query (or any other layer) does not retry it again.
 * Put it before the terminating link.
 *
 * @example
 * ```ts
 * import { createTRPCClient, httpBatchLink } from "@trpc/client";
 * import { faultlineRetryLink, idempotencyKeyHeaders } from "@faultline/trpc/client";
 * import { initTRPC } from "@trpc/server";
 * const t = initTRPC.create(); // your router; in an app, `import type { AppRouter } from "./server"`
 * const appRouter = t.router({ hello: t.procedure.query(() => "world") });
 * type AppRouter = typeof appRouter;
 * export const client = createTRPCClient<AppRouter>({
 *   links: [
 *     faultlineRetryLink({
 *       attempts: 4,
 *       beforeRetry: ({ op, attempt, error, delayMs }) =>
 *         console.warn(`${op.path} failed (${error._tag}), attempt ${attempt}; retrying in ${delayMs} ms`),
 *     }),
 *     httpBatchLink({ url: "http://localhost:3000/trpc", headers: idempotencyKeyHeaders }),
 *   ],
 * });
 * ```
 * @since 0.1.0
 */
export function faultlineRetryLink<TRouter extends AnyTRPCRouter = AnyTRPCRouter>(
  options: FaultlineRetryLinkOptions = {},
): TRPCLink<TRouter> {
  const now = options.now ?? Date.now;
  return () =>
    ({ op, next }) => {
      if (op.type === "subscription") return next(op);
      return observable((observer) => {
        const start = now();
        let attempt = 0;
        let current: Unsubscribable | undefined;
        let timer: ReturnType<typeof setTimeout> | undefined;
        let done = false;
        const signal = op.signal ?? undefined;
        const abortNow = () => {
          done = true;
          signal?.removeEventListener("abort", onAbort);
          const aborted = withAttempts(
            makeError("Aborted", { message: "Request was aborted", cause: signal?.reason }),
            attempt,
            now() - start,
          );
          observer.error(surface(undefined, aborted));
        };
        const onAbort = () => {
          if (done || timer === undefined) return;
          clearTimeout(timer);
          timer = undefined;
          abortNow();
        };
        const run = () => {
          timer = undefined;
          if (done) return;
          attempt++;
          const thisAttempt = attempt;
          current = next(op).subscribe({
            next: (value) => observer.next(value),
            complete: () => {
              done = true;
              observer.complete();
            },
            error: (error) => {
              const core = fromTRPCClientError(error);
              const elapsedMs = now() - start;
              const decision =
                signal?.aborted === true
                  ? ({ retry: false, reason: "aborted" } as const)
                  : decideForOperation(core, op, thisAttempt, elapsedMs, options);
              if (!decision.retry) {
                done = true;
                signal?.removeEventListener("abort", onAbort);
                observer.error(
                  surface(
                    error,
                    core.attempts === undefined ? withAttempts(core, thisAttempt, elapsedMs) : core,
                  ),
                );
                return;
              }
              callHook(options.beforeRetry, {
                attempt: thisAttempt,
                error: core,
                delayMs: decision.delayMs,
                op: { path: op.path, type: op.type },
              });
              if (done) return; // the hook made the caller unsubscribe
              if (signal?.aborted === true) return abortNow(); // the hook made the caller abort
              timer = setTimeout(run, decision.delayMs);
            },
          });
        };
        signal?.addEventListener("abort", onAbort);
        run();
        return () => {
          done = true;
          signal?.removeEventListener("abort", onAbort);
          if (timer !== undefined) clearTimeout(timer);
          current?.unsubscribe();
        };
      });
    };
}

/**
 * A `headers` function for `httpLink` and `httpBatchLink` that sends the operation's idempotency
 * key (`op.context.idempotencyKey`) as `Idempotency-Key`, so the server can apply a retried
 * mutation once. In a batch the header is sent only when the keyed operations share one key.
 *
 * @example
 * ```ts
 * import { createIdempotencyKey } from "@faultline/core";
 * import { createTRPCClient, httpLink } from "@trpc/client";
 * import { faultlineRetryLink, idempotencyKeyHeaders } from "@faultline/trpc/client";
 * import { initTRPC } from "@trpc/server";
 * import { z } from "zod";
 * const t = initTRPC.create(); // your router; in an app, `import type { AppRouter } from "./server"`
 * const appRouter = t.router({
 *   payment: t.router({ create: t.procedure.input(z.object({ amount: z.number() })).mutation(() => "paid") }),
 * });
 * type AppRouter = typeof appRouter;
 * const client = createTRPCClient<AppRouter>({
 *   links: [faultlineRetryLink(), httpLink({ url: "/trpc", headers: idempotencyKeyHeaders })],
 * });
 * await client.payment.create.mutate({ amount: 42 }, { context: { idempotencyKey: createIdempotencyKey() } });
 * ```
 * @since 0.1.0
 */
export const idempotencyKeyHeaders = (opts: {
  readonly op?: OperationLike;
  readonly opList?: readonly OperationLike[];
}): Record<string, string> => {
  const ops = opts.opList ?? (opts.op === undefined ? [] : [opts.op]);
  const keys = new Set<string>();
  for (const op of ops) {
    const key = idempotencyKeyOf(op);
    if (key !== undefined) keys.add(key);
  }
  return keys.size === 1 ? { "Idempotency-Key": [...keys][0] as string } : {};
};
