import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  chromiumExecutable,
  chromiumFlags,
  delay,
  type Handler,
  json,
  reply,
  respond,
  sequence,
  startServer,
  type TestServer,
} from "@faultline/test-server";
import { build } from "esbuild";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let server: TestServer;
let context: BrowserContext | undefined;
let profile: string | undefined;

beforeAll(async () => {
  const executablePath = chromiumExecutable();
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL("./browser/entry.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "error",
  });
  const script = bundled.outputFiles[0]?.text ?? "";
  const routes: Record<string, Handler> = {
    "GET /": reply({
      status: 200,
      headers: { "content-type": "text/html" },
      body: '<!doctype html><meta charset="utf-8"><script type="module" src="/entry.js"></script>',
    }),
    "GET /entry.js": (_req, res) =>
      respond(res, { status: 200, headers: { "content-type": "text/javascript" }, body: script }),
    "GET /api/rate-limited": json(
      429,
      { code: "RATE_LIMITED", message: "Slow down" },
      { "retry-after": "120", "x-request-id": "req_browser_1" },
    ),
    "POST /api/flaky": sequence(reply({ status: 503 }), (req, res, ctx) =>
      json(200, { ok: true, key: ctx.log.headers["idempotency-key"] ?? null, body: ctx.log.body })(
        req,
        res,
        ctx,
      ),
    ),
    "GET /api/not-found": json(404, { code: "NOT_FOUND", message: "No such thing" }),
    "GET /api/slow": delay(2_000, json(200, { late: true })),
  };
  server = await startServer(routes);
  profile = await mkdtemp(join(tmpdir(), "faultline-axios-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: [...chromiumFlags],
    headless: true,
  });
}, 60_000);

afterAll(async () => {
  await context?.close().catch(() => {});
  if (profile !== undefined) await rm(profile, { recursive: true, force: true });
  await server?.close();
});

describe("Chromium, axios's xhr adapter", () => {
  it("every rejection is a typed error", async () => {
    if (context === undefined) throw new Error("no browser");
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => (globalThis as { __results?: unknown }).__results !== undefined, null, {
      timeout: 20_000,
    });
    const results = (await page.evaluate(() => (globalThis as { __results?: unknown }).__results)) as Array<{
      name: string;
      value: Record<string, unknown>;
    }>;
    expect(pageErrors).toEqual([]);
    const byName = Object.fromEntries(results.map((r) => [r.name, r.value]));
    expect(byName.adapter).toEqual({ resolved: "xhr" });
    expect(byName["rate-limited"]).toMatchObject({
      isApiError: true,
      tag: "TooManyRequests",
      status: 429,
      code: "RATE_LIMITED",
      requestId: "req_browser_1",
      retryAfterMs: 120_000,
      attempts: 1,
    });
    expect(byName.retried).toMatchObject({ resolved: { ok: true, body: JSON.stringify({ n: 1 }) } });
    expect((byName.retried?.resolved as { key?: string } | undefined)?.key).toMatch(/^[0-9a-f-]{36}$/);
    for (const name of ["blob", "arraybuffer"]) {
      expect(byName[name], name).toMatchObject({ isApiError: true, tag: "NotFound", code: "NOT_FOUND" });
    }
    expect(byName.timeout).toMatchObject({ isApiError: true, tag: "Timeout", causeCode: "ECONNABORTED" });
    expect(byName.aborted).toMatchObject({ isApiError: true, tag: "Aborted", causeCode: "ERR_CANCELED" });
    expect(byName.network).toMatchObject({ isApiError: true, tag: "Network", causeCode: "ERR_NETWORK" });
    for (const result of results) {
      expect(JSON.stringify(result.value)).not.toContain("sk_live_browser_secret_0001");
    }
    const flaky = server.requests.filter((r) => r.url === "/api/flaky");
    expect(flaky).toHaveLength(2);
    expect(flaky[0]?.headers["idempotency-key"]).toBe(flaky[1]?.headers["idempotency-key"]);
  }, 40_000);
});
