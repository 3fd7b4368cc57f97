import { isApiError, standardCatalog } from "@faultline/core";
import { delay, json, sequence, startServer, type TestServer } from "@faultline/test-server";
import * as Effect from "effect/Effect";
import * as Exit from "effect/Exit";
import * as Fiber from "effect/Fiber";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEffectClient } from "../src/effect";

let server: TestServer;
let closedMidRequest = 0;

beforeAll(async () => {
  server = await startServer({
    "GET /user": json(200, { id: 42, name: "Ada" }),
    "GET /missing": json(404, { error: { code: "NOT_FOUND", message: "No such user" } }),
    "GET /flaky": sequence(
      json(503, { code: "SERVICE_UNAVAILABLE" }),
      json(429, {}, { "retry-after": "0.05" }),
      json(200, { ok: true }),
    ),
    "GET /down": json(500, { code: "INTERNAL_SERVER_ERROR" }),
    "POST /create": json(503, { code: "SERVICE_UNAVAILABLE" }),
    "GET /slow": (req, res, ctx) => {
      res.on("close", () => {
        if (!res.writableEnded) closedMidRequest++;
      });
      return delay(5_000, json(200, {}))(req, res, ctx);
    },
  });
});
afterAll(() => server.close());

const fast = { baseDelayMs: 5, maxDelayMs: 20 };
const hits = (path: string) => server.requests.filter((r) => r.url === path).length;

describe("@faultline/fetch/effect", () => {
  it("succeeds with the parsed body", async () => {
    const client = createEffectClient({ baseUrl: server.url });
    expect(await Effect.runPromise(client.get<{ name: string }>("/user"))).toEqual({ id: 42, name: "Ada" });
  });

  it("fails with the typed error; catchTag narrows it", async () => {
    const client = createEffectClient({ baseUrl: server.url, catalog: standardCatalog });
    const program = client.get("/missing").pipe(
      Effect.map(() => "found"),
      Effect.catchTag("NotFound", (e) => Effect.succeed(`missing: ${e.code}`)),
    );
    expect(await Effect.runPromise(program)).toBe("missing: NOT_FOUND");
  });

  it("retries with core's Schedule, honouring hints", async () => {
    const client = createEffectClient({ baseUrl: server.url, retry: { ...fast, attempts: 4 } });
    const retries: number[] = [];
    const withHook = createEffectClient({
      baseUrl: server.url,
      retry: { ...fast, attempts: 4 },
      hooks: { beforeRetry: ({ delayMs }) => void retries.push(delayMs) },
    });
    expect(await Effect.runPromise(withHook.get("/flaky"))).toEqual({ ok: true });
    expect(hits("/flaky")).toBe(3);
    expect(retries[1]).toBe(50);
    const exit = await Effect.runPromiseExit(client.get("/down"));
    expect(Exit.isFailure(exit)).toBe(true);
    const error = await Effect.runPromise(Effect.flip(client.get("/down")));
    expect(error._tag).toBe("InternalServerError");
    expect(error.attempts).toBe(4);
  });

  it("does not retry a POST without an idempotency key; retries with one", async () => {
    const plain = createEffectClient({ baseUrl: server.url, retry: fast });
    await Effect.runPromise(Effect.flip(plain.post("/create", { a: 1 })));
    expect(hits("/create")).toBe(1);
    const keyed = createEffectClient({
      baseUrl: server.url,
      retry: { ...fast, attempts: 2 },
      idempotencyKey: true,
    });
    const error = await Effect.runPromise(Effect.flip(keyed.post("/create", { a: 1 })));
    expect(error._tag).toBe("ServiceUnavailable");
    expect(hits("/create")).toBe(3);
  });

  it("interrupting the fiber aborts the request", async () => {
    const client = createEffectClient({ baseUrl: server.url, timeoutMs: 10_000 });
    const started = performance.now();
    await Effect.runPromise(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(client.get("/slow"));
        yield* Effect.sleep("100 millis");
        yield* Fiber.interrupt(fiber);
      }),
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closedMidRequest).toBe(1);
  });

  it("fetch() succeeds with the Response and fails with our error", async () => {
    const client = createEffectClient({ baseUrl: server.url, retry: false });
    const res = await Effect.runPromise(client.fetch("/user"));
    expect(res.status).toBe(200);
    const error = await Effect.runPromise(Effect.flip(client.fetch("/down")));
    expect(isApiError(error)).toBe(true);
  });
});
