import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { NotFoundError } from "./ApiError";
import { fromUnknown } from "./fromUnknown";
import { requestSnapshot } from "./request";
import { retry } from "./retry/retry";

/** A loopback port nothing listens on: bound by a real server, then closed. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

const thrownBy = async (run: () => Promise<unknown>): Promise<unknown> => {
  try {
    await run();
  } catch (thrown) {
    return thrown;
  }
  throw new Error("expected a rejection");
};

describe("fromUnknown: the one conversion of anything thrown", () => {
  it("a refused connection is Network, names the request and keeps the runtime's reason", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/users?api_key=sk_live_abcdefghijklmnop1234`;
    const thrown = await thrownBy(() => fetch(url));
    const request = requestSnapshot({ method: "get", url });
    const err = fromUnknown(thrown, { request });
    expect(err._tag).toBe("Network");
    expect(err.retryable).toBe(true);
    expect(err.message).toContain("ECONNREFUSED");
    expect(err.message).toContain("GET http://127.0.0.1:");
    expect(err.message).not.toContain("sk_live_abcdefghijklmnop1234");
    expect(err.request).toEqual(request);
    expect(err.cause).toBe(thrown);
  });

  it("an invalid URL, an unsupported scheme and a rejected header value are Unexpected, never retried", async () => {
    const port = await closedPort();
    const cases = [
      () => fetch("http://[bad"),
      () => fetch("ftp://127.0.0.1/file"),
      () => fetch(`http://127.0.0.1:${port}/`, { headers: { "x-bad": "a\nb" } }),
    ];
    for (const run of cases) {
      const err = fromUnknown(await thrownBy(run));
      expect(err._tag).toBe("Unexpected");
      expect(err.retryable).toBe(false);
    }
  });

  it("a redirect loop, a refused redirect and a body on GET are Unexpected, with the message of the cause that says so", async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.writeHead(302, { location: `/loop?n=${hits}` }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/loop`;
    try {
      const loop = await thrownBy(() => fetch(url));
      // undici wraps the reason: TypeError("fetch failed", { cause: Error("redirect count exceeded") }).
      expect((loop as Error).message).toBe("fetch failed");
      const err = fromUnknown(loop);
      expect(err._tag).toBe("Unexpected");
      expect(err.retryable).toBe(false);
      expect(err.message).toMatch(/redirect/i);
      expect(err.cause).toBe(loop);
      // Core's retry loop converts with fromUnknown: the loop is followed once, never retried.
      const bare = hits;
      await thrownBy(() => retry(() => fetch(url), { attempts: 3, baseDelayMs: 1 }));
      expect(hits - bare).toBe(bare);
      const refused = fromUnknown(await thrownBy(() => fetch(url, { redirect: "error" })));
      expect(refused).toMatchObject({ _tag: "Unexpected", retryable: false });
      expect(refused.message).toMatch(/redirect/i);
      const body = fromUnknown(await thrownBy(() => fetch(url, { method: "GET", body: "x" })));
      expect(body).toMatchObject({ _tag: "Unexpected", retryable: false });
      expect(body.message).toMatch(/body/i);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("a rejected header is Unexpected and its message never quotes the value", async () => {
    const secret = "sk_live_51HxSECRETvalue";
    const port = await closedPort();
    const thrown = await thrownBy(() =>
      fetch(`http://127.0.0.1:${port}/`, { headers: { "x-api-key": `${secret}\r\nx-injected: 1` } }),
    );
    const err = fromUnknown(thrown);
    expect(err._tag).toBe("Unexpected");
    expect(err.retryable).toBe(false);
    expect(err.message).not.toContain(secret);
    expect(err.message).not.toContain("x-injected");
    expect(err.message).toMatch(/header/i);
  });

  it("transport: true makes an unrecognised rejection Network; permanent failures stay Unexpected", async () => {
    const boom = new Error("socket went away in an unknown way");
    expect(fromUnknown(boom)._tag).toBe("Unexpected");
    const network = fromUnknown(boom, { transport: true });
    expect(network).toMatchObject({ _tag: "Network", retryable: true, cause: boom });
    expect(network.message).toContain("socket went away");
    const invalid = fromUnknown(await thrownBy(() => fetch("http://[bad")), { transport: true });
    expect(invalid).toMatchObject({ _tag: "Unexpected", retryable: false });
    expect(fromUnknown(new DOMException("late", "TimeoutError"), { transport: true })._tag).toBe("Timeout");
    expect(fromUnknown(new DOMException("stop", "AbortError"), { transport: true })._tag).toBe("Aborted");
  });

  it("the retry loop converts with it: an invalid URL fails after one attempt", async () => {
    let attempts = 0;
    const err = await thrownBy(() =>
      retry(async () => {
        attempts++;
        return fetch("http://[bad");
      }),
    );
    expect(attempts).toBe(1);
    expect(err).toMatchObject({ _tag: "Unexpected", attempts: 1 });
  });

  it("timeouts and aborts name the request", () => {
    const request = requestSnapshot({
      method: "POST",
      url: "https://api.example.com/pay",
      headers: { "Idempotency-Key": "k" },
    });
    const timeout = fromUnknown(new DOMException("The operation timed out.", "TimeoutError"), { request });
    expect(timeout._tag).toBe("Timeout");
    expect(timeout.message).toBe("Request timed out: POST https://api.example.com/pay");
    const aborted = fromUnknown(new DOMException("aborted", "AbortError"), { request });
    expect(aborted._tag).toBe("Aborted");
    expect(aborted.request).toEqual({
      method: "POST",
      url: "https://api.example.com/pay",
      idempotencyKey: true,
    });
  });

  it("our errors pass through, gaining the request when they lack one", () => {
    const err = new NotFoundError({ code: "NOT_FOUND" });
    expect(fromUnknown(err)).toBe(err);
    const request = requestSnapshot({ url: "https://api.example.com/x" });
    const withRequest = fromUnknown(err, { request });
    expect(withRequest).not.toBe(err);
    expect(withRequest).toMatchObject({ _tag: "NotFound", code: "NOT_FOUND", request });
  });

  it("never throws, even on a hostile value", () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error("boom");
        },
        has: () => {
          throw new Error("boom");
        },
      },
    );
    expect(fromUnknown(hostile)._tag).toBe("Unexpected");
  });

  it("keeps a cause that can hold no secret as it is, and a redacted copy of any other", () => {
    const abort = new DOMException("The operation was aborted", "AbortError");
    expect(fromUnknown(abort).cause).toBe(abort);
    const leaky = new TypeError(
      "Request cannot be constructed from a URL that includes credentials: http://admin:u1pass99Zq@127.0.0.1:9/x",
      {
        cause: Object.assign(new Error("token=sk_live_abcdefghijklmnop1234 rejected"), {
          code: "E_AUTH",
          errno: 7,
        }),
      },
    );
    const err = fromUnknown(leaky, { transport: true });
    const cause = err.cause as TypeError & { cause: Error & { code: string; errno: number } };
    expect(cause).not.toBe(leaky);
    expect(cause).toBeInstanceOf(TypeError);
    expect(cause.message).not.toContain("u1pass99Zq");
    expect(cause.stack).not.toContain("u1pass99Zq");
    expect(cause.cause.message).not.toContain("sk_live_abcdefghijklmnop1234");
    expect(cause.cause).toMatchObject({ code: "E_AUTH", errno: 7 });
    // An HTTP client's error holds the request's headers: the copy keeps none of its objects.
    const axiosLike = Object.assign(new Error("Request failed with status code 401"), {
      name: "AxiosError",
      code: "ERR_BAD_REQUEST",
      config: { headers: { Authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln" } },
      response: { status: 401, headers: {}, data: { message: "bad token" } },
    });
    const decoded = fromUnknown(axiosLike);
    expect(decoded._tag).toBe("Unauthorized");
    expect(decoded.cause).toMatchObject({ name: "AxiosError", code: "ERR_BAD_REQUEST" });
    expect(JSON.stringify(Object.entries(decoded.cause as object))).not.toContain("eyJ");
    expect((decoded.cause as { config?: unknown }).config).toBeUndefined();
    // A string or a plain object thrown is kept redacted.
    expect(fromUnknown("password=hunter22 failed").cause).toBe("password=[REDACTED] failed");
    expect(fromUnknown({ reason: "x", api_key: "abc123" }).cause).toEqual({
      reason: "x",
      api_key: "[REDACTED]",
    });
  });

  it("never throws on a hostile cause", () => {
    const hostile = new Proxy(new Error("x"), {
      get() {
        throw new Error("boom");
      },
      ownKeys() {
        throw new Error("boom");
      },
    });
    expect(() => fromUnknown(hostile)).not.toThrow();
  });
});
