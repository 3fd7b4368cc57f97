import { type ApiError, isApiError, standardCatalog, tagForStatus } from "@faultline/core";
import { renderAllStandard, standardRoutes, startServer, type TestServer } from "@faultline/test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFetch } from "../src/index";

let server: TestServer;
beforeAll(async () => {
  server = await startServer(standardRoutes);
});
afterAll(() => server.close());

const rendered = renderAllStandard();

describe("every standard code in every wire format", () => {
  it("covers 30 codes x 6 formats", () => {
    expect(rendered.length).toBe(standardCatalog.list.length * 6);
  });

  it.each(["F1", "F2", "F3", "F4", "F5", "problem"] as const)(
    "decodes every code sent as %s",
    async (format) => {
      const api = createFetch({ baseUrl: server.url, catalog: standardCatalog, retry: false });
      const cases = rendered.filter((r) => r.format === format);
      const errors = await Promise.all(
        cases.map((c) =>
          api(`/standard/${format}/${c.code}`).then(
            () => {
              throw new Error(`${c.code} resolved`);
            },
            (error: unknown) => error,
          ),
        ),
      );
      cases.forEach((c, i) => {
        const error = errors[i] as ApiError;
        const label = `${format} ${c.code}`;
        expect(isApiError(error), label).toBe(true);
        expect(error._tag, label).toBe(tagForStatus(c.status));
        expect(error.status, label).toBe(c.status);
        expect(error.code, label).toBe(c.code);
        expect(error.requestId, label).toBe(`req_${c.code.toLowerCase()}`);
        if (c.status < 500) expect(error.field, label).toBe("field_a");
        if (c.status === 429 || c.status === 503) expect(error.retryAfterMs, label).toBe(2_000);
        expect(error.retryable, label).toBe(
          standardCatalog.get(c.code)?.retryable ?? [429, 500, 502, 503, 504].includes(c.status),
        );
        expect(error.attempts, label).toBe(1);
      });
    },
  );
});
