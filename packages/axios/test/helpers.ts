import { type ApiError, isApiError } from "@faultline/core";
import { type Handler, json, startServer, type TestServer } from "@faultline/test-server";
import { expect } from "vitest";

/** Awaits a promise that must reject with one of our errors, and returns that error. */
export const rejection = async (promise: Promise<unknown>): Promise<ApiError> => {
  try {
    await promise;
  } catch (error) {
    expect(isApiError(error), String(error)).toBe(true);
    return error as ApiError;
  }
  throw new Error("expected a rejection");
};

/** Fast backoff for tests. */
export const fast = { baseDelayMs: 5, maxDelayMs: 20 } as const;

/** A loopback server whose routes are registered per test under fresh paths. */
export interface Routed {
  readonly server: TestServer;
  /** Registers a handler under a fresh path; `hits` counts the requests it received. */
  route(handler: Handler): {
    url: string;
    path: string;
    hits: () => number;
    log: () => TestServer["requests"];
  };
  close(): Promise<void>;
}

export const routedServer = async (): Promise<Routed> => {
  let counter = 0;
  const routes = new Map<string, Handler>();
  const logOf = (path: string) => server.requests.filter((r) => r.url.split("?")[0] === path);
  const server = await startServer((req, res, ctx) => {
    const path = ctx.log.url.split("?")[0] ?? "";
    const handler = routes.get(path);
    if (!handler) return json(404, { code: "NOT_FOUND" })(req, res, ctx);
    return handler(req, res, { ...ctx, count: logOf(path).length });
  });
  return {
    server,
    route: (handler) => {
      const path = `/t${++counter}`;
      routes.set(path, handler);
      return { url: `${server.url}${path}`, path, hits: () => logOf(path).length, log: () => logOf(path) };
    },
    close: () => server.close(),
  };
};
