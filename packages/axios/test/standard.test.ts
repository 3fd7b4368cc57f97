import { type ApiError, isApiError, standardCatalog, tagForStatus } from "@faultline/core";
import { renderAllStandard, standardRoutes, startServer, type TestServer } from "@faultline/test-server";
import axios, { type ResponseType } from "axios";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withFaultline } from "../src/index";

let server: TestServer;
beforeAll(async () => {
  server = await startServer(standardRoutes);
});
afterAll(() => server.close());

const rendered = renderAllStandard();
const formats = ["F1", "F2", "F3", "F4", "F5", "problem"] as const;

const check = (error: unknown, c: (typeof rendered)[number], label: string) => {
  expect(isApiError(error), label).toBe(true);
  const e = error as ApiError;
  expect(e._tag, label).toBe(tagForStatus(c.status));
  expect(e.status, label).toBe(c.status);
  expect(e.code, label).toBe(c.code);
  expect(e.requestId, label).toBe(`req_${c.code.toLowerCase()}`);
  if (c.status < 500) expect(e.field, label).toBe("field_a");
  if (c.status === 429 || c.status === 503) expect(e.retryAfterMs, label).toBe(2_000);
  expect(e.retryable, label).toBe(
    standardCatalog.get(c.code)?.retryable ?? [429, 500, 502, 503, 504].includes(c.status),
  );
  expect(e.attempts, label).toBe(1);
  expect(e.response?.status, label).toBe(c.status);
};

const runAll = async (adapter: "http" | "fetch", responseType: ResponseType | undefined) => {
  const api = withFaultline(
    axios.create({ baseURL: server.url, adapter, ...(responseType ? { responseType } : {}) }),
    { catalog: standardCatalog, retry: false },
  );
  for (const format of formats) {
    const cases = rendered.filter((r) => r.format === format);
    const errors = await Promise.all(
      cases.map((c) =>
        api.get(`/standard/${format}/${c.code}`).then(
          () => new Error(`${c.code} resolved`),
          (error: unknown) => error,
        ),
      ),
    );
    cases.forEach((c, i) => {
      check(errors[i], c, `${adapter} ${responseType ?? "default"} ${format} ${c.code}`);
    });
  }
};

describe("every standard code in every wire format", () => {
  it("covers every code in 6 formats", () => {
    expect(rendered.length).toBe(standardCatalog.list.length * 6);
  });

  it.each([undefined, "json", "text", "arraybuffer", "blob", "stream"] as const)(
    "http adapter, responseType %s",
    async (responseType) => {
      await runAll("http", responseType);
    },
  );

  it.each([undefined, "text", "arraybuffer", "blob", "stream"] as const)(
    "fetch adapter, responseType %s",
    async (responseType) => {
      await runAll("fetch", responseType);
    },
  );
});
