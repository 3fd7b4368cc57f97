import type { AddressInfo } from "node:net";
import { decodeResponse, type StandardCode, standardCatalog } from "@faultline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wireFormatFor } from "../src/scenarios";
import { createExampleServer } from "./server";

const server = createExampleServer();
let base: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** What identifies each wire format's body. */
const shapeOf = (body: Record<string, any>): string =>
  body.success === false
    ? "F4"
    : body.error?.type !== undefined
      ? "F3"
      : body.error !== undefined
        ? "F2"
        : "retryAfter" in body
          ? "F5"
          : body.type !== undefined
            ? "problem"
            : "F1";

describe("the example API", () => {
  it.each(standardCatalog.list)("fails with %s in its seed's format, and decodes back", async (code) => {
    const res = await fetch(`${base}/api/jobs?fail=${code}`);
    const spec = standardCatalog.get(code)!;
    expect(res.status).toBe(spec.status);
    expect(res.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{16}$/);
    expect(res.headers.get("x-ratelimit-limit")).toBe("60");
    const text = await res.clone().text();
    const shape = shapeOf(JSON.parse(text));
    expect(shape).toBe(wireFormatFor(code as StandardCode));
    const error = await decodeResponse(res, { catalog: standardCatalog });
    expect({ code: error.code, status: error.status }).toEqual({ code, status: spec.status });
    expect(error.requestId).toMatch(/^req_/);
    if (spec.status === 429) expect(res.headers.get("retry-after")).toBe("2");
    if (spec.status === 503) expect(res.headers.get("retry-after")).toBe("1");
  });

  it("answers problem+json when asked, with a type that links to the reference", async () => {
    const res = await fetch(`${base}/api/candidates/cand_404?fail=NOT_FOUND`, {
      headers: { accept: "application/problem+json" },
    });
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = await res.json();
    expect(body).toMatchObject({ status: 404, code: "NOT_FOUND", type: `${base}/reference#NOT_FOUND` });
  });

  it("fails N times per run, then succeeds", async () => {
    const url = `${base}/api/jobs?fail=SERVICE_UNAVAILABLE&times=2&run=t1`;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(url)).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
    expect((await fetch(`${base}/api/jobs?fail=SERVICE_UNAVAILABLE&times=2&run=t2`)).status).toBe(503);
  });

  it("rejects an unknown code and an unknown endpoint with typed errors", async () => {
    const unknown = await decodeResponse(await fetch(`${base}/api/jobs?fail=NOPE`), {
      catalog: standardCatalog,
    });
    expect(unknown).toMatchObject({ code: "VALIDATION_ERROR", field: "fail", status: 400 });
    const missing = await decodeResponse(await fetch(`${base}/api/nothing`), { catalog: standardCatalog });
    expect(missing).toMatchObject({ code: "NOT_FOUND", status: 404 });
  });

  it("serves the reference page with every code", async () => {
    const html = await (await fetch(`${base}/reference`)).text();
    for (const code of standardCatalog.list) expect(html).toContain(`<section id="${code}"`);
  });
});
