/**
 * A real tRPC v11 router served on loopback by the standalone adapter and by the fetch adapter
 * (node:http translating to Request/Response), with clients over httpLink and httpBatchLink.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApiErrorTag, makeError } from "@faultline/core";
import { createTRPCClient, httpBatchLink, httpLink, type TRPCLink } from "@trpc/client";
import { initTRPC, type TRPC_ERROR_CODE_KEY, TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { z } from "zod";
import type { idempotencyKeyHeaders } from "../src/client";
import { createFaultlineErrorFormatter, faultlineMiddleware, faultlineResponseMeta } from "../src/server";

export interface Context {
  readonly idempotencyKey: string | undefined;
  readonly requestId: string;
}

const errorInput = z.object({
  tag: z.string().optional(),
  status: z.number().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  field: z.string().optional(),
  details: z.unknown().optional(),
  requestId: z.string().optional(),
  retryAfterMs: z.number().optional(),
  retryable: z.boolean().optional(),
});
type ErrorInput = z.infer<typeof errorInput>;

const throwCore = (input: ErrorInput): never => {
  const { tag, ...init } = input;
  throw tag === undefined
    ? makeError({ ...init, status: init.status ?? 500 })
    : makeError(tag as ApiErrorTag, init);
};

const flakyInput = z.object({
  key: z.string(),
  failures: z.number(),
  status: z.number().default(503),
  retryAfterMs: z.number().optional(),
});

/** Calls per key of the flaky procedures, and the Idempotency-Key each call carried. */
export const calls = new Map<string, Array<{ at: number; idempotencyKey: string | undefined }>>();

const flaky = (input: z.infer<typeof flakyInput>, ctx: Context): string => {
  const seen = calls.get(input.key) ?? [];
  seen.push({ at: performance.now(), idempotencyKey: ctx.idempotencyKey });
  calls.set(input.key, seen);
  if (seen.length <= input.failures) {
    throw makeError({
      status: input.status,
      code: "FLAKY",
      ...(input.retryAfterMs !== undefined ? { retryAfterMs: input.retryAfterMs } : {}),
    });
  }
  return `ok after ${seen.length}`;
};

const t = initTRPC.context<Context>().create({
  errorFormatter: createFaultlineErrorFormatter<Context>({ requestId: (ctx) => ctx?.requestId }),
});
const procedure = t.procedure.use(faultlineMiddleware);

export const appRouter = t.router({
  ok: procedure.query(() => "ok" as const),
  fail: procedure.input(errorInput).query(({ input }) => throwCore(input)),
  failMutation: procedure.input(errorInput).mutation(({ input }) => throwCore(input)),
  boom: procedure.query((): string => {
    throw new Error("connect ECONNREFUSED postgres://user:pass@db:5432/app at /srv/app/db.ts:42");
  }),
  boomObject: procedure.query((): string => {
    throw { secret: "postgres://user:pass@db", internal: true };
  }),
  internal5xx: procedure.query((): string => {
    throw makeError("ServiceUnavailable", {
      code: "SERVICE_UNAVAILABLE",
      message: "pool exhausted on postgres://user:pass@db",
      retryAfterMs: 2_000,
    });
  }),
  native: procedure
    .input(z.object({ code: z.string(), message: z.string().optional() }))
    .query(({ input }): string => {
      throw new TRPCError({
        code: input.code as TRPC_ERROR_CODE_KEY,
        ...(input.message !== undefined ? { message: input.message } : {}),
      });
    }),
  nativeCause: procedure.query((): string => {
    throw new TRPCError({
      code: "BAD_REQUEST",
      cause: new Error("lookup failed on postgres://user:pass@db"),
    });
  }),
  signup: procedure
    .input(z.object({ user: z.object({ email: z.email(), name: z.string().min(1) }), age: z.number().int() }))
    .mutation(({ input }) => input.user.email),
  /** Input parser before the middleware: only the formatter sees the validation error. */
  signupBare: t.procedure
    .input(z.object({ tags: z.array(z.string()) }))
    .mutation(({ input }) => input.tags.length),
  /** No faultline middleware at all: a thrown core error is still sent with its status. */
  bareFail: t.procedure.input(errorInput).query(({ input }) => throwCore(input)),
  flaky: procedure.input(flakyInput).query(({ input, ctx }) => flaky(input, ctx)),
  flakyMutation: procedure.input(flakyInput).mutation(({ input, ctx }) => flaky(input, ctx)),
});

export type AppRouter = typeof appRouter;

let nextRequestId = 0;
const contextFrom = (headers: { get(name: string): string | null }): Context => ({
  idempotencyKey: headers.get("idempotency-key") ?? undefined,
  requestId: headers.get("x-request-id") ?? `req_${++nextRequestId}`,
});

export interface Running {
  readonly url: string;
  close(): Promise<void>;
}

const listen = (server: Server): Promise<Running> =>
  new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });

/** tRPC's standalone adapter (node:http). */
export const startStandalone = (): Promise<Running> =>
  listen(
    createHTTPServer({
      router: appRouter,
      responseMeta: faultlineResponseMeta,
      createContext: ({ req }) =>
        contextFrom({
          get: (name) => {
            const v = req.headers[name];
            return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
          },
        }),
    }),
  );

const toRequest = async (req: IncomingMessage, origin: string): Promise<Request> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const method = req.method ?? "GET";
  return new Request(new URL(req.url ?? "/", origin), {
    method,
    headers,
    ...(method === "GET" || method === "HEAD" ? {} : { body: Buffer.concat(chunks) }),
  });
};

/** tRPC's fetch adapter, served by node:http translating to and from Request/Response. */
export const startFetch = (): Promise<Running> =>
  listen(
    createServer(async (req, res) => {
      const request = await toRequest(req, "http://127.0.0.1");
      const response = await fetchRequestHandler({
        endpoint: "",
        req: request,
        router: appRouter,
        responseMeta: faultlineResponseMeta,
        createContext: () => contextFrom(request.headers),
      });
      res.statusCode = response.status;
      response.headers.forEach((value, name) => {
        res.setHeader(name, value);
      });
      res.end(Buffer.from(await response.arrayBuffer()));
    }),
  );

/** What the client's fetch saw: one entry per HTTP request. */
export interface Seen {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export const recordingFetch =
  (seen: Seen[]) =>
  async (url: string | URL | Request, init?: object): Promise<Response> => {
    const res = await fetch(url, init as RequestInit | undefined);
    const body = await res.clone().text();
    seen.push({ url: String(url), status: res.status, headers: res.headers, body });
    return res;
  };

export type LinkKind = "httpLink" | "httpBatchLink";

export const makeClient = (
  url: string,
  kind: LinkKind,
  seen: Seen[] = [],
  before: TRPCLink<AppRouter>[] = [],
  headers?: typeof idempotencyKeyHeaders,
) =>
  createTRPCClient<AppRouter>({
    links: [
      ...before,
      kind === "httpLink"
        ? httpLink({ url, fetch: recordingFetch(seen), ...(headers ? { headers } : {}) })
        : httpBatchLink({
            url,
            fetch: recordingFetch(seen),
            maxItems: 10,
            ...(headers ? { headers } : {}),
          }),
    ],
  });

export const servers = [
  ["standalone", startStandalone],
  ["fetch", startFetch],
] as const;
