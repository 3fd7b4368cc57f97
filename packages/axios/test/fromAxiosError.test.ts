import { inspect } from "node:util";
import { NotFoundError, standardCatalog } from "@faultline/core";
import { hugeBody, json, neverEnding, reply, resetMidBody } from "@faultline/test-server";
import axios, { AxiosError, AxiosHeaders } from "axios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAxiosError, fromAxiosError } from "../src/index";
import { type Routed, routedServer } from "./helpers";

let api: Routed;
beforeAll(async () => {
  api = await routedServer();
});
afterAll(() => api.close());

const caught = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );

describe("fromAxiosError on real axios rejections", () => {
  it("decodes an HTTP error with the catalog, synchronously", async () => {
    const r = api.route(json(429, { code: "RATE_LIMITED", message: "slow" }, { "retry-after": "7" }));
    const thrown = await caught(axios.get(r.url));
    expect(thrown).toBeInstanceOf(AxiosError);
    const error = fromAxiosError(thrown, { catalog: standardCatalog });
    expect(error._tag).toBe("TooManyRequests");
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.retryAfterMs).toBe(7_000);
    expect(error.attempts).toBeUndefined();
    expect((error.cause as Error).name).toBe("AxiosError");
    expect((error.cause as { code?: string }).code).toBe("ERR_BAD_REQUEST");
  });

  it("a body stalled past axios's timeout is Timeout; a connection closed mid-body is Network", async () => {
    const stalled = api.route(neverEnding({ status: 500 }));
    const timedOut = fromAxiosError(await caught(axios.get(stalled.url, { timeout: 300 })));
    expect(timedOut._tag).toBe("Timeout");
    expect(timedOut.message).toBe("Request timed out after 300 ms reading the body of HTTP 500");
    expect((timedOut.cause as { code?: string }).code).toBe("ERR_BAD_RESPONSE");
    const closed = api.route(resetMidBody({ status: 200 }));
    const dropped = fromAxiosError(await caught(axios.get(closed.url, { timeout: 5_000 })));
    expect(dropped._tag).toBe("Network");
  });

  it("leaves a stream body unread; decodeAxiosError reads it (capped)", async () => {
    const r = api.route(hugeBody(503, 2 * 1024 * 1024, "BUSY"));
    const thrown = await caught(axios.get(r.url, { responseType: "stream" }));
    const sync = fromAxiosError(thrown);
    expect(sync._tag).toBe("ServiceUnavailable");
    expect(sync.code).toBeUndefined();
    const read = await decodeAxiosError(thrown, { maxBodyBytes: 1024 });
    expect(read.code).toBe("BUSY");
    expect(read.response?.truncated).toBe(true);
  });

  it("reads a Blob body (fetch adapter)", async () => {
    const r = api.route(json(404, { code: "NOT_FOUND", message: "gone" }));
    const thrown = await caught(axios.get(r.url, { responseType: "blob", adapter: "fetch" }));
    expect((thrown as AxiosError).response?.data).toBeInstanceOf(Blob);
    const error = await decodeAxiosError(thrown);
    expect(error._tag).toBe("NotFound");
    expect(error.message).toBe("gone");
  });

  it("converts option errors axios throws before the interceptor chain", async () => {
    const r = api.route(json(200, {}));
    const thrown = await caught(axios.get(r.url, { paramsSerializer: { encode: 42 as never } }));
    expect((thrown as AxiosError).code).toBe("ERR_BAD_OPTION_VALUE");
    const error = fromAxiosError(thrown);
    expect(error._tag).toBe("Unexpected");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("ERR_BAD_OPTION_VALUE");
  });

  it("builds errors from AxiosError values made by hand", () => {
    const config = { headers: new AxiosHeaders({ authorization: "Bearer sk_live_handmade_secret_1234" }) };
    const headers = new AxiosHeaders({ "content-type": "text/plain", "x-request-id": "req_7" });
    const error = fromAxiosError(
      new AxiosError(
        "Request failed with status code 500",
        "ERR_BAD_RESPONSE",
        config as never,
        {},
        {
          status: 500,
          statusText: "Internal Server Error",
          headers,
          config: config as never,
          data: new TextEncoder().encode("upstream exploded").buffer,
        },
      ),
    );
    expect(error._tag).toBe("InternalServerError");
    expect(error.requestId).toBe("req_7");
    expect(error.message).toBe("upstream exploded");
    expect(inspect(error, { depth: 20, showHidden: true })).not.toContain("sk_live_handmade_secret_1234");
    for (const [code, tag] of [
      ["ERR_NETWORK", "Network"],
      ["ECONNREFUSED", "Network"],
      ["ECONNRESET", "Network"],
      ["ENOTFOUND", "Network"],
      ["ECONNABORTED", "Timeout"],
      ["ETIMEDOUT", "Timeout"],
      ["ERR_CANCELED", "Aborted"],
      ["ERR_BAD_OPTION", "Unexpected"],
      ["ERR_BAD_OPTION_VALUE", "Unexpected"],
      ["ERR_INVALID_URL", "Unexpected"],
      ["ERR_NOT_SUPPORT", "Unexpected"],
      ["ERR_FR_TOO_MANY_REDIRECTS", "Unexpected"],
    ] as const) {
      const converted = fromAxiosError(new AxiosError("failed", code, config as never));
      expect(converted._tag, code).toBe(tag);
      expect(inspect(converted, { depth: 20 }), code).not.toContain("sk_live_handmade_secret_1234");
    }
    expect(fromAxiosError(new axios.CanceledError("bye"))._tag).toBe("Aborted");
  });

  it("converts anything else thrown through core's fromUnknown, with a redacted cause", () => {
    expect(fromAxiosError(new TypeError("fetch failed"))._tag).toBe("Network");
    expect(fromAxiosError("boom")._tag).toBe("Unexpected");
    expect(fromAxiosError(undefined)._tag).toBe("Unexpected");
    const mine = new NotFoundError({ code: "NOT_FOUND" });
    expect(fromAxiosError(mine)).toBe(mine);
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error("trap");
        },
        has: () => {
          throw new Error("trap");
        },
      },
    );
    expect(fromAxiosError(hostile)._tag).toBe("Unexpected");
    const leaky = Object.assign(new Error("Authorization: Bearer sk_live_leaky_secret_5678"), {
      config: { headers: { authorization: "Bearer sk_live_leaky_secret_5678" } },
    });
    const converted = fromAxiosError(leaky);
    expect(inspect(converted, { depth: 20, showHidden: true })).not.toContain("sk_live_leaky_secret_5678");
  });

  it("an HTTP error with a non-JSON responseType and an HTML body", async () => {
    const r = api.route(
      reply({ status: 504, headers: { "content-type": "text/html" }, body: "<h1>504 Gateway Time-out</h1>" }),
    );
    const error = fromAxiosError(await caught(axios.get(r.url, { responseType: "arraybuffer" })));
    expect(error._tag).toBe("GatewayTimeout");
    expect(error.retryable).toBe(true);
  });
});
