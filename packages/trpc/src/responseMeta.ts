/**
 * `responseMeta` for tRPC's HTTP adapters: `Retry-After` from the error's hint, and the error's
 * status for single calls.
 *
 * @since 0.1.0
 */
import { type ApiError, reviveError } from "@faultline/core";
import type { TRPCError } from "@trpc/server";
import { fromTRPCError } from "./fromTRPCError";
import { wireStatus } from "./internal/codes";
import { readWireJSON } from "./internal/wire";

/**
 * What {@link faultlineResponseMeta} reads of tRPC's `responseMeta` options.
 *
 * @example
 * ```ts
 * import type { FaultlineResponseMetaInput } from "@faultline/trpc/server";
 * const input: FaultlineResponseMetaInput = { data: [], errors: [], eagerGeneration: false };
 * ```
 * @since 0.1.0
 */
export interface FaultlineResponseMetaInput {
  /** The responses, in call order (with `error.data.faultline` when the formatter ran). */
  readonly data: readonly unknown[];
  /** The errors of the failed calls. */
  readonly errors: readonly TRPCError[];
  /** True for streamed responses, whose results are not known yet. */
  readonly eagerGeneration?: boolean;
}

/**
 * The status and headers {@link faultlineResponseMeta} sets.
 *
 * @example
 * ```ts
 * import type { FaultlineResponseMeta } from "@faultline/trpc/server";
 * const meta: FaultlineResponseMeta = { status: 429, headers: { "retry-after": "2" } };
 * ```
 * @since 0.1.0
 */
export interface FaultlineResponseMeta {
  status?: number;
  headers?: Record<string, string>;
}

const errorOf = (item: unknown): unknown =>
  typeof item === "object" && item !== null && "error" in item
    ? (item as { error: unknown }).error
    : undefined;

/** The core errors of a response: from the formatted shapes when present, else converted. */
const collect = (opts: FaultlineResponseMetaInput): ApiError[] => {
  const fromData: ApiError[] = [];
  for (const item of opts.data) {
    const shape = errorOf(item);
    if (shape === undefined) continue;
    const json = readWireJSON(
      typeof shape === "object" && shape !== null ? (shape as { data?: unknown }).data : undefined,
    );
    if (json !== undefined) fromData.push(reviveError(json));
  }
  if (fromData.length > 0 && fromData.length >= opts.errors.length) return fromData;
  return opts.errors.map((e) => fromTRPCError(e));
};

/**
 * A `responseMeta` for tRPC's HTTP adapters (standalone, fetch, Express, Next, ...): sets
 * `Retry-After` (whole seconds, rounded up) and `retry-after-ms` from the error's retry hint (the
 * longest hint when a batch has several), `x-request-id` for a single failed call, and the error's
 * own HTTP status for a single call (tRPC's own choice for a batch, `207` when statuses differ,
 * is kept). Successful and streamed responses are left alone.
 *
 * To combine it with your own `responseMeta`, call it and merge the headers.
 *
 * @example
 * ```ts
 * import { createHTTPServer } from "@trpc/server/adapters/standalone";
 * import { initTRPC } from "@trpc/server";
 * import { faultlineErrorFormatter, faultlineResponseMeta } from "@faultline/trpc/server";
 * const t = initTRPC.create({ errorFormatter: faultlineErrorFormatter });
 * const appRouter = t.router({ hello: t.procedure.query(() => "world") }); // your router
 * createHTTPServer({ router: appRouter, responseMeta: faultlineResponseMeta }).listen(3000);
 * ```
 * @since 0.1.0
 */
export const faultlineResponseMeta = (opts: FaultlineResponseMetaInput): FaultlineResponseMeta => {
  if (opts.eagerGeneration === true || opts.errors.length === 0) return {};
  const errors = collect(opts);
  if (errors.length === 0) return {};
  const headers: Record<string, string> = {};
  let hint: number | undefined;
  for (const error of errors) {
    if (error.retryAfterMs !== undefined && (hint === undefined || error.retryAfterMs > hint))
      hint = error.retryAfterMs;
  }
  if (hint !== undefined) {
    headers["retry-after"] = String(Math.ceil(hint / 1000));
    headers["retry-after-ms"] = String(Math.round(hint));
  }
  const single = opts.data.length <= 1 && errors.length === 1 ? errors[0] : undefined;
  if (single === undefined) return { headers };
  if (single.requestId !== undefined) headers["x-request-id"] = single.requestId;
  return { status: wireStatus(single), headers };
};
