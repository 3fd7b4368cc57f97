/**
 * A `fetch` for tRPC's HTTP links that keeps the status of answers tRPC cannot read.
 *
 * @since 0.1.0
 */
import { decodeResponse } from "@faultline/core";

const isJSON = (contentType: string | null): boolean =>
  contentType !== null && /\b(?:application\/(?:[\w.+-]*\+)?json|application\/jsonl)\b/i.test(contentType);

/**
 * Wraps a `fetch` for `httpLink`/`httpBatchLink`'s `fetch` option: an error answer that is not
 * JSON (an HTML 502 from a proxy, a plain-text 503 from a load balancer) rejects with the core
 * error decoded from it (core's `decodeResponse`: status, retry hint, request id), instead of
 * tRPC's bare "Unexpected token '<'" with no status. tRPC keeps the core error as the
 * `TRPCClientError`'s cause, where `fromTRPCClientError` and `faultlineRetryLink` find it. JSON
 * answers (tRPC's own) pass through untouched.
 *
 * @example
 * ```ts
 * import { createTRPCClient, httpBatchLink } from "@trpc/client";
 * import { faultlineFetch, faultlineRetryLink } from "@faultline/trpc/client";
 * import { initTRPC } from "@trpc/server";
 * const t = initTRPC.create(); // your router; in an app, `import type { AppRouter } from "./server"`
 * const appRouter = t.router({ hello: t.procedure.query(() => "world") });
 * type AppRouter = typeof appRouter;
 * const client = createTRPCClient<AppRouter>({
 *   links: [faultlineRetryLink(), httpBatchLink({ url: "/trpc", fetch: faultlineFetch() })],
 * });
 * ```
 * @since 0.1.0
 */
export const faultlineFetch =
  (
    base: (input: string | URL | Request, init?: RequestInit) => Promise<Response> = (input, init) =>
      fetch(input, init),
  ) =>
  // `object`: tRPC passes a RequestInit or its own narrower `RequestInitEsque`.
  async (url: string | URL | Request, init?: object): Promise<Response> => {
    const response = await base(url, init as RequestInit | undefined);
    if (response.status >= 400 && !isJSON(response.headers.get("content-type"))) {
      throw await decodeResponse(response);
    }
    return response;
  };
