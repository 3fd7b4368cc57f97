/**
 * A real HTTP server on loopback for integration tests, with fault helpers: plain responses, resets
 * mid-body, delayed headers, bodies that never end, truncated JSON, huge bodies, and a seeded random
 * fault mode for load tests. Also renders every code of the standard catalog in every wire format.
 *
 * Private to the workspace; consumed from source by vitest in other packages.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  encode,
  makeError,
  type StandardCode,
  standardCatalog,
  tagForStatus,
  type WireFormat,
  wireFormats,
} from "@faultline/core";

/** One request as the server saw it. */
export interface LoggedRequest {
  /** 1-based arrival index over the server's life. */
  readonly index: number;
  readonly method: string;
  /** Path and query. */
  readonly url: string;
  /** Lower-case header names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The request body as text. */
  readonly body: string;
  /** `performance.now()` when the request's body had been read. */
  readonly at: number;
}

/** What a handler gets besides the raw request and response. */
export interface HandlerContext {
  readonly log: LoggedRequest;
  /** How many requests this route (or the whole server, for a bare handler) has seen, 1-based. */
  readonly count: number;
  /** The server's request log so far. */
  readonly requests: readonly LoggedRequest[];
}

/** A request handler. It may be async; a throw answers 500. */
export type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: HandlerContext,
) => void | Promise<void>;

/** Routes by `"METHOD /path"` or `"/path"` (any method); the path excludes the query. */
export type Routes = Readonly<Record<string, Handler>>;

/** A running server. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` with no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in arrival order. */
  readonly requests: LoggedRequest[];
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

const headerRecord = (req: IncomingMessage): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
};

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });

/**
 * Starts a server on 127.0.0.1 with an ephemeral port.
 *
 * ```ts
 * const server = await startServer({ "GET /users/1": json(200, { id: 1 }), "/boom": reply({ status: 500 }) });
 * await fetch(`${server.url}/users/1`);
 * await server.close();
 * ```
 */
export const startServer = async (handlerOrRoutes: Handler | Routes): Promise<TestServer> => {
  const requests: LoggedRequest[] = [];
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const route = (method: string, url: string): { key: string; handler: Handler | undefined } => {
    if (typeof handlerOrRoutes === "function") return { key: "*", handler: handlerOrRoutes };
    const path = url.split("?")[0] ?? url;
    const exact = `${method} ${path}`;
    if (handlerOrRoutes[exact]) return { key: exact, handler: handlerOrRoutes[exact] };
    return { key: path, handler: handlerOrRoutes[path] };
  };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const log: LoggedRequest = {
      index: requests.length + 1,
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: headerRecord(req),
      body,
      at: performance.now(),
    };
    requests.push(log);
    const { key, handler } = route(log.method, log.url);
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (!handler) {
      respond(res, {
        status: 404,
        body: { code: "NOT_FOUND", message: `No route for ${log.method} ${log.url}` },
      });
      return;
    }
    try {
      await handler(req, res, { log, count, requests });
    } catch (error) {
      if (!res.headersSent)
        respond(res, { status: 500, body: { code: "TEST_SERVER_ERROR", message: String(error) } });
      else res.destroy();
    }
  });
  server.keepAliveTimeout = 60_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // Resets and aborted clients surface as socket errors; they are expected here.
  server.on("clientError", (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
};

/** A response to send: a JSON-serializable body is sent as JSON unless it is a string or bytes. */
export interface ReplySpec {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

const toPayload = (spec: ReplySpec): { headers: Record<string, string>; payload: Buffer | undefined } => {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.headers ?? {})) headers[k.toLowerCase()] = v;
  let payload: Buffer | undefined;
  if (spec.body === undefined || spec.body === null) payload = undefined;
  else if (typeof spec.body === "string") payload = Buffer.from(spec.body, "utf8");
  else if (spec.body instanceof Uint8Array) payload = Buffer.from(spec.body);
  else {
    payload = Buffer.from(JSON.stringify(spec.body), "utf8");
    headers["content-type"] ??= "application/json; charset=utf-8";
  }
  return { headers, payload };
};

/** Sends a complete response now. */
export const respond = (res: ServerResponse, spec: ReplySpec): void => {
  const { headers, payload } = toPayload(spec);
  if (payload !== undefined) headers["content-length"] = String(payload.byteLength);
  res.writeHead(spec.status ?? 200, headers);
  res.end(payload);
};

/** A handler that sends `spec`. */
export const reply =
  (spec: ReplySpec): Handler =>
  (_req, res) =>
    respond(res, spec);

/** A handler that sends `body` as JSON with `status`. */
export const json = (
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): Handler => reply({ status, headers, body: JSON.stringify(body) === undefined ? undefined : body });

/** A handler that echoes the request (method, url, headers, body) as JSON with status 200. */
export const echo: Handler = (_req, res, { log }) =>
  respond(res, {
    status: 200,
    body: { method: log.method, url: log.url, headers: log.headers, body: log.body },
  });

/**
 * Sends headers announcing the full length and part of the body, then destroys the socket: the
 * client sees a connection reset mid-body.
 */
export const resetMidBody =
  (spec: ReplySpec & { readonly sendBytes?: number } = {}): Handler =>
  (_req, res) => {
    const { headers, payload } = toPayload({ body: { message: "x".repeat(4096) }, ...spec });
    const full = payload ?? Buffer.alloc(0);
    headers["content-length"] = String(full.byteLength);
    res.writeHead(spec.status ?? 200, headers);
    res.write(full.subarray(0, spec.sendBytes ?? Math.floor(full.byteLength / 2)), () => {
      setTimeout(() => res.destroy(), 5);
    });
  };

/** Destroys the connection before sending anything (an empty reply). */
export const resetBeforeHeaders: Handler = (req, res) => {
  req.socket.destroy();
  res.destroy();
};

/** Waits `ms` before running `handler` (headers are delayed; the request can time out). */
export const delay =
  (ms: number, handler: Handler): Handler =>
  (req, res, ctx) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        if (res.destroyed || req.socket.destroyed) return resolve();
        Promise.resolve(handler(req, res, ctx)).then(resolve, resolve);
      }, ms);
      res.on("close", () => {
        clearTimeout(timer);
        resolve();
      });
    });

/** Sends headers and a first chunk, then nothing more: a body that never ends (until the client leaves). */
export const neverEnding =
  (
    spec: {
      readonly status?: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly chunk?: string;
    } = {},
  ): Handler =>
  (_req, res) => {
    res.writeHead(spec.status ?? 200, { "content-type": "application/json", ...spec.headers });
    res.write(spec.chunk ?? '{"code":"STALL');
  };

/** A complete HTTP response whose JSON body is cut short (the `Content-Length` matches what is sent). */
export const truncatedJson = (status: number, body: unknown, keep = 0.5): Handler => {
  const text = JSON.stringify(body);
  return reply({
    status,
    headers: { "content-type": "application/json" },
    body: text.slice(0, Math.max(1, Math.floor(text.length * keep))),
  });
};

/** A body of `bytes` bytes (a JSON error whose `message` is padding), streamed in 64 KiB chunks. */
export const hugeBody =
  (status: number, bytes: number, code = "HUGE"): Handler =>
  (_req, res) => {
    const head = `{"code":"${code}","message":"`;
    const tail = '"}';
    const padding = Math.max(0, bytes - head.length - tail.length);
    res.writeHead(status, {
      "content-type": "application/json",
      "content-length": String(head.length + padding + tail.length),
    });
    res.write(head);
    const chunk = "x".repeat(64 * 1024);
    let left = padding;
    const pump = (): void => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.slice(0, n))) {
          res.once("drain", pump);
          return;
        }
      }
      res.end(tail);
    };
    res.on("error", () => {});
    pump();
  };

/** The n-th request (per route) gets the n-th handler; the last one repeats. */
export const sequence =
  (...handlers: readonly Handler[]): Handler =>
  (req, res, ctx) => {
    const handler = handlers[Math.min(ctx.count, handlers.length) - 1];
    if (!handler) throw new Error("sequence() needs at least one handler");
    return handler(req, res, ctx);
  };

/** A port on loopback that nothing listens on (connection refused). */
export const refusedUrl = async (): Promise<string> => {
  const server = await startServer(reply({ status: 200 }));
  await server.close();
  return server.url;
};

// ---------------------------------------------------------------------------------------------
// Every standard code in every wire format.

/** One rendered error response. */
export interface RenderedError {
  readonly code: StandardCode;
  readonly format: WireFormat;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The tag `decode` should produce (by status; a 429 is `TooManyRequests`). */
  readonly tag: string;
}

/** Every wire format `encode` writes. */
export const formats: readonly WireFormat[] = wireFormats;

/**
 * Renders one standard code in one wire format with core's `encode`, with a request id, a field on
 * 4xx, and a `Retry-After` hint on 429 and 503.
 */
export const renderStandard = (code: StandardCode, format: WireFormat): RenderedError => {
  const spec = standardCatalog.get(code);
  if (!spec) throw new Error(`Unknown standard code ${code}`);
  const status = spec.status;
  const error = makeError({
    status,
    code,
    message: spec.title,
    requestId: `req_${code.toLowerCase()}`,
    field: status < 500 ? "field_a" : undefined,
    retryAfterMs: status === 429 || status === 503 ? 2_000 : undefined,
  });
  const encoded = encode(error, { format, catalog: standardCatalog });
  return { code, format, status, headers: encoded.headers, body: encoded.body, tag: tagForStatus(status) };
};

/** Every standard code in every wire format. */
export const renderAllStandard = (): RenderedError[] =>
  standardCatalog.list.flatMap((code) => formats.map((format) => renderStandard(code, format)));

/** A handler serving `renderStandard(code, format)` at `/standard/<format>/<code>`. */
export const standardRoutes: Handler = (_req, res, { log }) => {
  const [, , format, code] = (log.url.split("?")[0] ?? "").split("/");
  if (!format || !code || !standardCatalog.has(code) || !formats.includes(format as WireFormat)) {
    respond(res, { status: 404, body: { code: "NO_SUCH_RENDERING" } });
    return;
  }
  const rendered = renderStandard(code, format as WireFormat);
  respond(res, { status: rendered.status, headers: rendered.headers, body: rendered.body });
};

// ---------------------------------------------------------------------------------------------
// Seeded random faults for load tests.

/** A small seeded PRNG (mulberry32): the same seed gives the same fault sequence. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** The faults the random mode injects. */
export type FaultKind =
  | "ok"
  | "429-seconds"
  | "429-ms"
  | "429-date"
  | "429-body"
  | "429-over-cap"
  | "500"
  | "503"
  | "reset"
  | "stall-headers"
  | "stall-body"
  | "truncated";

/** Relative weights of each fault. */
export type FaultWeights = Readonly<Partial<Record<FaultKind, number>>>;

/** The default mix: mostly successes, every fault represented. */
export const defaultFaultWeights: FaultWeights = {
  ok: 55,
  "429-seconds": 6,
  "429-ms": 6,
  "429-date": 1,
  "429-body": 5,
  "429-over-cap": 1,
  "500": 6,
  "503": 6,
  reset: 5,
  "stall-headers": 3,
  "stall-body": 2,
  truncated: 4,
};

/** What the fault server recorded for one response it sent. */
export interface FaultRecord {
  readonly index: number;
  readonly method: string;
  readonly url: string;
  /** The client's id for the logical request (header `x-test-id`), if sent. */
  readonly testId: string | undefined;
  readonly idempotencyKey: string | undefined;
  /** The client's attempt number (header `x-test-attempt`), if sent. */
  readonly attempt: number | undefined;
  readonly fault: FaultKind;
  /** When the request arrived (`performance.now()`). */
  readonly at: number;
  /** The retry hint sent with this response, in ms, if any. */
  readonly hintMs: number | undefined;
  /** When the response carrying the hint was finished (`performance.now()`). */
  readonly sentAt: number | undefined;
}

/** Options of {@link faultHandler}. */
export interface FaultOptions {
  readonly seed: number;
  readonly weights?: FaultWeights;
  /** The hint sent with ordinary 429s, in ms (default 50). */
  readonly hintMs?: number;
  /** The hint sent by `429-over-cap` (default 120 000). */
  readonly overCapHintMs?: number;
  /** How long stalls last before the server gives up (default 10 000). */
  readonly stallMs?: number;
}

/** A seeded fault-injecting handler and the record of what it did. */
export interface FaultServerHandler {
  readonly handler: Handler;
  readonly records: FaultRecord[];
}

const pick = (random: () => number, weights: FaultWeights): FaultKind => {
  const entries = Object.entries(weights) as Array<[FaultKind, number]>;
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [kind, w] of entries) {
    r -= w;
    if (r < 0) return kind;
  }
  return "ok";
};

/**
 * A handler that answers each request with a seeded random fault: 429 with a hint in seconds
 * (decimal), in `retry-after-ms`, as an HTTP-date, or in the body; a 429 whose hint is beyond any
 * sensible cap; 500; 503; a reset mid-body; stalled headers; a stalled body; truncated JSON. A
 * success echoes `{ ok: true, id }`.
 */
export const faultHandler = (options: FaultOptions): FaultServerHandler => {
  const random = seededRandom(options.seed);
  const weights = options.weights ?? defaultFaultWeights;
  const hintMs = options.hintMs ?? 50;
  const overCap = options.overCapHintMs ?? 120_000;
  const stallMs = options.stallMs ?? 10_000;
  const records: FaultRecord[] = [];
  const handler: Handler = (req, res, { log }) => {
    const fault = pick(random, weights);
    const base = {
      index: log.index,
      method: log.method,
      url: log.url,
      testId: log.headers["x-test-id"],
      idempotencyKey: log.headers["idempotency-key"],
      attempt:
        log.headers["x-test-attempt"] === undefined ? undefined : Number(log.headers["x-test-attempt"]),
      fault,
      at: log.at,
    };
    const sendHinted = (hint: number, spec: ReplySpec) => {
      const record: { -readonly [K in keyof FaultRecord]: FaultRecord[K] } = {
        ...base,
        hintMs: hint,
        sentAt: undefined,
      };
      records.push(record);
      res.on("finish", () => {
        record.sentAt = performance.now();
      });
      respond(res, spec);
    };
    switch (fault) {
      case "ok":
        records.push({ ...base, hintMs: undefined, sentAt: undefined });
        return respond(res, { status: 200, body: { ok: true, id: base.testId ?? null } });
      case "429-seconds":
        return sendHinted(hintMs, {
          status: 429,
          headers: { "retry-after": (hintMs / 1000).toFixed(3) },
          body: { code: "RATE_LIMITED", message: "Slow down" },
        });
      case "429-ms":
        return sendHinted(hintMs, {
          status: 429,
          headers: { "retry-after-ms": String(hintMs) },
          body: { error: { code: "RATE_LIMITED", message: "Slow down" } },
        });
      case "429-date": {
        // HTTP-dates have 1 s resolution: send a Date header and a Retry-After one second later.
        const now = Math.floor(Date.now() / 1000) * 1000;
        return sendHinted(1_000, {
          status: 429,
          headers: { date: new Date(now).toUTCString(), "retry-after": new Date(now + 1_000).toUTCString() },
          body: { code: "RATE_LIMITED", message: "Slow down", status: 429 },
        });
      }
      case "429-body":
        return sendHinted(hintMs, {
          status: 429,
          body: { code: "RATE_LIMITED", message: "Slow down", retryAfter: hintMs / 1000 },
        });
      case "429-over-cap":
        return sendHinted(overCap, {
          status: 429,
          headers: { "retry-after": String(overCap / 1000) },
          body: { code: "RATE_LIMITED", message: "Come back much later" },
        });
      case "500":
        records.push({ ...base, hintMs: undefined, sentAt: undefined });
        return respond(res, { status: 500, body: { code: "INTERNAL_ERROR", message: "Boom" } });
      case "503":
        records.push({ ...base, hintMs: undefined, sentAt: undefined });
        return respond(res, { status: 503, body: { code: "SERVICE_UNAVAILABLE", message: "Busy" } });
      case "reset":
        records.push({ ...base, hintMs: undefined, sentAt: undefined });
        return resetMidBody({ status: 200 })(req, res, { log, count: 0, requests: [] });
      case "stall-headers":
        records.push({ ...base, hintMs: undefined, sentAt: undefined });
        return delay(stallMs, reply({ status: 200, body: { ok: true, late: true } }))(req, res, {
          log,
          count: 0,
          requests: [],
        });
      case "stall-body":
        records.push({ ...base, hintMs: undefined, sentAt: undefined });
        neverEnding({ status: 200, chunk: '{"ok":tr' })(req, res, { log, count: 0, requests: [] });
        setTimeout(() => res.destroy(), stallMs).unref();
        return;
      case "truncated":
        records.push({ ...base, hintMs: undefined, sentAt: undefined });
        return truncatedJson(200, { ok: true, id: base.testId ?? null, pad: "y".repeat(64) })(req, res, {
          log,
          count: 0,
          requests: [],
        });
    }
  };
  return { handler, records };
};
export { chromiumExecutable, chromiumFlags } from "./chromium";
