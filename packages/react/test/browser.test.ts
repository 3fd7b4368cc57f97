// The browser leg: a page bundled with esbuild, served from a real HTTP server on loopback, run in
// Chromium (playwright-core with the system's /usr/bin/chromium).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  chromiumExecutable,
  chromiumFlags,
  json,
  reply,
  sequence,
  startServer,
  type TestServer,
} from "@faultline/test-server";
import { build } from "esbuild";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let server: TestServer;
let context: BrowserContext;
let userDataDir: string;

beforeAll(async () => {
  const executablePath = chromiumExecutable();
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("./browser/page.tsx", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    minify: true,
    write: false,
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]?.text ?? "";
  server = await startServer({
    "GET /": reply({
      headers: { "content-type": "text/html; charset=utf-8" },
      body: '<!doctype html><html><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>',
    }),
    "GET /app.js": reply({ headers: { "content-type": "text/javascript; charset=utf-8" }, body: script }),
    "GET /api/user": sequence(
      json(
        404,
        { error: { code: "USER_NOT_FOUND", message: "No user 42" } },
        { "x-request-id": "req_browser" },
      ),
      json(429, { code: "SLOW_DOWN", message: "Too many requests" }, { "retry-after": "2" }),
      json(200, { name: "Ann" }),
    ),
  });
  userDataDir = await mkdtemp(join(tmpdir(), "faultline-react-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    args: [...chromiumFlags],
    headless: true,
  });
}, 60_000);

afterAll(async () => {
  await context?.close().catch(() => {});
  await server?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

describe("in Chromium", () => {
  it("shows the fallback by code, then by kind, and renders the children again on reset", async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/`);

    const fallback = page.locator("#fallback");
    await fallback.waitFor({ timeout: 10_000 });
    expect(await fallback.textContent()).toBe("No such user (USER_NOT_FOUND, req_browser)");

    await page.click("#retry");
    await page.locator("#fallback", { hasText: "Slow down" }).waitFor({ timeout: 10_000 });
    expect(await fallback.textContent()).toBe("Slow down: retry in 2000 ms");

    await page.click("#retry");
    await page.locator("#user", { hasText: "Hello" }).waitFor({ timeout: 10_000 });
    expect(await page.locator("#user").textContent()).toBe("Hello Ann");

    const reports = await page.evaluate(() => (globalThis as { __reports?: unknown[] }).__reports);
    expect(reports).toEqual([
      expect.objectContaining({
        phase: "caught",
        kind: "NotFound",
        code: "USER_NOT_FOUND",
        requestId: "req_browser",
      }),
      expect.objectContaining({ phase: "caught", kind: "TooManyRequests", code: "SLOW_DOWN", status: 429 }),
    ]);
    expect(pageErrors).toEqual([]);
    expect(server.requests.filter((r) => r.url === "/api/user")).toHaveLength(3);
  });
});
