// The one cross-runtime suite. Every runtime folder imports this module and calls `runSuite`.
// Web APIs only (fetch, AbortController, URL, performance/Date, crypto.randomUUID): no node:*,
// no Deno/Bun globals. It imports the BUILT packages by their published names, so each runtime
// also proves that its own module resolution finds `dist/`.
import { decodeResponse, NotFoundError } from "@faultline/core";
import { createFetch } from "@faultline/fetch";
import * as Effect from "effect/Effect";

class AssertionError extends Error {
  name = "AssertionError";
}

const show = (v) => {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
};

/** The assert-style helpers each test receives. */
const assert = {
  ok(value, message) {
    if (!value) throw new AssertionError(message ?? `expected a truthy value, got ${show(value)}`);
  },
  equal(actual, expected, message) {
    if (!Object.is(actual, expected)) {
      throw new AssertionError(
        `${message ? `${message}: ` : ""}expected ${show(expected)}, got ${show(actual)}`,
      );
    }
  },
  /** Awaits `promise`, expecting a rejection; returns the rejection reason. */
  async rejects(promise, message) {
    try {
      const value = await promise;
      throw new AssertionError(
        `${message ?? "expected a rejection"}, but it resolved with ${show(value?.status ?? value)}`,
      );
    } catch (error) {
      if (error instanceof AssertionError) throw error;
      return error;
    }
  },
};

const describeError = (e) =>
  e && typeof e === "object"
    ? `${e._tag ?? e.name ?? "Error"}: ${e.message ?? ""}${e.cause ? ` (cause: ${e.cause?.name ?? ""} ${e.cause?.message ?? show(e.cause)})` : ""}`
    : String(e);

const expectTag = (error, tag) =>
  assert.equal(error?._tag, tag, `rejection _tag (rejected with ${describeError(error)})`);

/** No retries: cases other than "retry" check one attempt's outcome. */
const noRetry = { attempts: 1 };

/**
 * The test cases, in order. Each gets `{ baseUrl, deadBaseUrl, assert }`.
 * @type {ReadonlyArray<{ name: string, run: (ctx: { baseUrl: string, deadBaseUrl: string, assert: typeof assert }) => Promise<void> }>}
 */
export const tests = [
  {
    // Errors are Effects without the Promise entries importing effect: Node, Deno and Bun find
    // Effect's Exit.fail on their own; the browser page and the Worker import "@faultline/core/effect".
    name: "effect",
    async run({ assert }) {
      const caught = await Effect.runPromise(
        Effect.gen(function* () {
          yield* new NotFoundError({ code: "NOT_FOUND", message: "No such user" });
          return "not reached";
        }).pipe(Effect.catchTag("NotFound", (e) => Effect.succeed(`${e._tag} ${e.code}`))),
      );
      assert.equal(caught, "NotFound NOT_FOUND", "yield* fails with the error, catchTag catches it");
    },
  },
  {
    name: "decode",
    async run({ baseUrl, assert }) {
      const limited = await decodeResponse(await fetch(`${baseUrl}/error/rate-limited`));
      assert.equal(limited._tag, "TooManyRequests", "429 _tag");
      assert.equal(limited.status, 429, "429 status");
      assert.equal(limited.code, "RATE_LIMITED", "429 code");
      assert.equal(limited.requestId, "req_rt_429", "429 requestId (x-request-id header)");
      assert.equal(limited.retryAfterMs, 7_000, "429 retryAfterMs (Retry-After: 7)");
      assert.equal(limited.retryable, true, "429 retryable");

      const missing = await decodeResponse(await fetch(`${baseUrl}/error/problem`));
      assert.equal(missing._tag, "NotFound", "problem+json _tag");
      assert.equal(missing.code, "USER_NOT_FOUND", "problem+json code");
      assert.equal(missing.requestId, "req_rt_404", "problem+json requestId (body)");
      assert.equal(missing.retryAfterMs, undefined, "problem+json retryAfterMs");
    },
  },
  {
    name: "retry-after",
    async run({ baseUrl, assert }) {
      const client = createFetch({
        baseUrl,
        timeoutMs: 5_000,
        retry: { attempts: 3, budgetMs: 10_000, baseDelayMs: 10, maxDelayMs: 100, maxRetryAfterMs: 5_000 },
      });
      const key = crypto.randomUUID();
      const started = Date.now();
      const res = await client(`/retry-once/${key}`);
      const elapsed = Date.now() - started;
      assert.equal(res.status, 200, "status after the retry");
      const body = await res.json();
      assert.equal(body.calls, 2, "server saw exactly two calls");
      // Retry-After: 1 => wait ~1 s (the server's own clock agrees), although baseDelayMs is 10.
      assert.ok(elapsed >= 950, `waited >= ~1 s before retrying (waited ${elapsed} ms)`);
      assert.ok(body.gapMs >= 950, `server saw the retry >= ~1 s later (gap ${body.gapMs} ms)`);
      assert.ok(elapsed < 4_000, `did not wait far longer than asked (${elapsed} ms)`);
    },
  },
  {
    name: "timeout",
    async run({ baseUrl, assert }) {
      const client = createFetch({ baseUrl, timeoutMs: 300, retry: noRetry });
      const started = Date.now();
      const error = await assert.rejects(
        client("/slow-headers?ms=10000"),
        "a response slower than timeoutMs",
      );
      const elapsed = Date.now() - started;
      expectTag(error, "Timeout");
      assert.ok(elapsed >= 250 && elapsed < 3_000, `rejected near timeoutMs (after ${elapsed} ms)`);
    },
  },
  {
    name: "abort",
    async run({ baseUrl, assert }) {
      const client = createFetch({ baseUrl, timeoutMs: 5_000, retry: noRetry });
      const controller = new AbortController();
      const pending = client("/slow-headers?ms=10000", { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      const error = await assert.rejects(pending, "a request whose caller aborted");
      expectTag(error, "Aborted");
      assert.ok(Date.now() - started < 3_000, "rejected promptly after abort");
    },
  },
  {
    name: "network",
    async run({ deadBaseUrl, assert }) {
      const client = createFetch({ baseUrl: deadBaseUrl, timeoutMs: 5_000, retry: noRetry });
      const error = await assert.rejects(client("/json"), "a request to a closed port");
      expectTag(error, "Network");
    },
  },
  {
    name: "success",
    async run({ baseUrl, assert }) {
      const client = createFetch({ baseUrl, timeoutMs: 5_000, retry: noRetry });
      const res = await client("/json");
      assert.ok(res instanceof Response, "resolves with a Response");
      assert.equal(res.status, 200, "status");
      assert.equal(res.ok, true, "ok");
      const body = await res.json();
      assert.equal(body.ok, true, "body.ok");
      assert.equal(body.items?.length, 3, "body.items");
      assert.equal(body.text, "héllo ✓", "UTF-8 body text");
    },
  },
];

/**
 * Runs every test in order against the loopback server at `baseUrl`, reporting each outcome as it
 * finishes. Never throws: a failing test is a `{ ok: false }` report.
 *
 * @param {{ baseUrl: string, report?: (r: { name: string, ok: boolean, ms: number, error?: string }) => void, testTimeoutMs?: number }} options
 * @returns {Promise<Array<{ name: string, ok: boolean, ms: number, error?: string }>>}
 */
export const runSuite = async ({ baseUrl, report = () => {}, testTimeoutMs = 10_000 }) => {
  const results = [];
  let deadBaseUrl;
  let setupError;
  try {
    ({ deadBaseUrl } = await (await fetch(`${baseUrl}/config`)).json());
  } catch (e) {
    setupError = `cannot reach the test server at ${baseUrl}: ${describeError(e)}`;
  }
  for (const test of tests) {
    const started = Date.now();
    let error = setupError;
    if (error === undefined) {
      let timer;
      try {
        await Promise.race([
          test.run({ baseUrl, deadBaseUrl, assert }),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new AssertionError(`test timed out after ${testTimeoutMs} ms`)),
              testTimeoutMs,
            );
          }),
        ]);
      } catch (e) {
        error = e instanceof AssertionError ? e.message : `threw ${describeError(e)}`;
      } finally {
        clearTimeout(timer);
      }
    }
    const result = {
      name: test.name,
      ok: error === undefined,
      ms: Date.now() - started,
      ...(error ? { error } : {}),
    };
    results.push(result);
    report(result);
  }
  return results;
};
