/**
 * The example in a real browser: every code of the standard catalog through every adapter of
 * `adapterList.ts` settles to the outcome the catalog says; retries are visible; `/reference` lists
 * every code. Screenshots go to `test-results/`; two are kept in `screenshots/` for the README.
 *
 * Fast on a small machine: the browser keeps a few tabs open and every test borrows one (a new
 * navigation per test, no new tab), and the tests run concurrently, so the retry waits overlap.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { standardCatalog, tagForStatus } from "@faultline/core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adapters } from "../src/adapterList";
import { type Browser, launchBrowser, type RunningServer, startServer } from "./browser";

const results = fileURLToPath(new URL("../test-results/", import.meta.url));
const screenshots = fileURLToPath(new URL("../screenshots/", import.meta.url));
/** The README's screenshots are written when missing, or again with `UPDATE_SCREENSHOTS=1`. */
const readmeShot = (name: string) =>
  process.env.UPDATE_SCREENSHOTS === "1" || !existsSync(`${screenshots}${name}`)
    ? `${screenshots}${name}`
    : `${results}${name}`;

/** Tabs open at once; the tests wait for a free one. */
const TABS = Number(process.env.E2E_TABS ?? 6);

let server: RunningServer;
let browser: Browser;
const idle: Page[] = [];
const waiting: Array<(page: Page) => void> = [];

beforeAll(async () => {
  await mkdir(results, { recursive: true });
  await mkdir(screenshots, { recursive: true });
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  idle.push(...(await Promise.all(Array.from({ length: TABS }, () => browser.context.newPage()))));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const borrow = (): Promise<Page> => {
  const page = idle.pop();
  return page ? Promise.resolve(page) : new Promise((resolve) => waiting.push(resolve));
};
const giveBack = (page: Page) => {
  const next = waiting.shift();
  if (next) next(page);
  else idle.push(page);
};

/** Loads `path` in a borrowed tab, runs `check`, and fails on any uncaught error in the page. */
const withPage = async (path: string, check: (page: Page) => Promise<void>) => {
  const page = await borrow();
  const errors: string[] = [];
  const onError = (error: Error) => errors.push(error.message);
  page.on("pageerror", onError);
  try {
    await page.goto(`${server.url}${path}`, { waitUntil: "commit" });
    await check(page);
    expect(errors).toEqual([]);
  } finally {
    page.off("pageerror", onError);
    // Stop the page's timers and requests before the next test navigates the tab.
    await page.goto("about:blank").catch(() => undefined);
    giveBack(page);
  }
};

const pairs = adapters.flatMap((adapter) => standardCatalog.list.map((code) => [adapter.id, code] as const));

describe.concurrent("the example in Chromium", () => {
  it.each(pairs)(
    "/try/%s/%s settles to the catalog's outcome",
    async (adapterId, code) => {
      const spec = standardCatalog.get(code)!;
      await withPage(`/try/${adapterId}/${code}`, async (page) => {
        const outcome = page.locator('[data-testid="outcome"]');
        await outcome.waitFor({ timeout: 30_000 });
        expect({
          code: await outcome.getAttribute("data-code"),
          kind: await outcome.getAttribute("data-kind"),
          status: await outcome.getAttribute("data-status"),
        }).toEqual({ code, kind: tagForStatus(spec.status), status: String(spec.status) });
        if (code === "VALIDATION_ERROR" || code === "RATE_LIMITED")
          await page.screenshot({ path: `${results}${adapterId}-${code}.png`, fullPage: true });
      });
    },
    60_000,
  );

  describe.each(adapters)("/try/$id", (adapter) => {
    it("lists every code with a link", async () => {
      await withPage(`/try/${adapter.id}`, async (page) => {
        await page.locator("table.codes").waitFor();
        const links = await page.$$eval("table.codes a[href^='/try/']", (as) =>
          as.map((a) => a.getAttribute("href")),
        );
        for (const code of standardCatalog.list) expect(links).toContain(`/try/${adapter.id}/${code}`);
        await page.screenshot({ path: `${results}${adapter.id}-codes.png`, fullPage: true });
      });
    });

    it("chooses the fallback by code, then by kind, then the default", async () => {
      const cases = [
        ["INSUFFICIENT_BALANCE", "code", "Add funds"],
        ["FORBIDDEN", "kind", "No access"],
        ["INVALID_REQUEST", "default", "Request failed"],
      ] as const;
      await Promise.all(
        cases.map(([code, by, title]) =>
          withPage(`/try/${adapter.id}/${code}`, async (page) => {
            const card = page.locator(`[data-fallback="${by}"]`);
            await card.waitFor({ timeout: 20_000 });
            expect(await card.locator("h2").textContent()).toBe(title);
            if (code === "INSUFFICIENT_BALANCE") {
              expect(await card.textContent()).toContain('"available": "50.50"');
              if (adapter.id === "fetch") await page.screenshot({ path: readmeShot("outcome.png") });
            }
          }),
        ),
      );
    });

    it("shows the retries in progress with the server's hint, then the success", async () => {
      await withPage(`/try/${adapter.id}/RATE_LIMITED?times=2`, async (page) => {
        const second = page.locator('[data-testid="attempt"][data-attempt="2"]');
        await second.waitFor({ timeout: 10_000 });
        // Read once: on a loaded machine the 2 s wait may end (and the page move on) between reads.
        const progress = await second.textContent();
        expect(progress).toMatch(/Attempt 1 failed with RATE_LIMITED \(429\)/);
        expect(progress).toContain("the server's hint (2000 ms)");
        // A countdown from the 2 s hint, while it runs (how far it has run depends on the load).
        const countdown = await page
          .locator('[data-testid="countdown"]')
          .textContent({ timeout: 500 })
          .catch(() => null);
        if (countdown !== null) expect(countdown).toMatch(/^[0-2]\.\d s$/);
        if (adapter.id === "fetch") await page.screenshot({ path: readmeShot("retrying.png") });
        // Attempt 3's row lasts only for the 2 s wait and the request: after a slow screenshot it may be
        // gone already. The result says how many attempts it took.
        const result = page.locator('[data-testid="result"]');
        await result.waitFor({ timeout: 20_000 });
        expect(await result.getAttribute("data-attempts")).toBe("3");
        await page.screenshot({ path: `${results}${adapter.id}-retry-success.png`, fullPage: true });
      });
    });

    it("gives up after the attempt limit, reports the attempts, and tries again on demand", async () => {
      // The first three attempts fail (the attempt limit), the fourth succeeds.
      await withPage(`/try/${adapter.id}/SERVICE_UNAVAILABLE?times=3`, async (page) => {
        await page.locator('[data-testid="attempt"][data-attempt="2"]').waitFor({ timeout: 10_000 });
        // Attempt 3's row lasts only for one backoff and a request (it may be gone by the time it is
        // looked for on a loaded machine): the outcome counts the attempts.
        const outcome = page.locator('[data-testid="outcome"]');
        await outcome.waitFor({ timeout: 20_000 });
        // The clients count their attempts on the error; React Query counts them itself (failureCount).
        if (adapter.id !== "react-query") expect(await outcome.textContent()).toContain("attempts3");
        expect(await outcome.getAttribute("data-kind")).toBe("ServiceUnavailable");
        // The fallback's reset renders the call again (React Query's boundary refetches the query).
        await page.getByRole("button", { name: "Try again" }).click();
        await page.locator('[data-testid="result"]').waitFor({ timeout: 20_000 });
        expect(await outcome.count()).toBe(0);
      });
    });
  });

  describe("/reference", () => {
    it("lists every code of the standard catalog", async () => {
      await withPage("/reference", async (page) => {
        const sections = await page.$$eval("section[data-code]", (els) => els.map((e) => e.id));
        const rows = await page.$$eval("tbody tr[data-code]", (els) =>
          els.map((e) => e.getAttribute("data-code")),
        );
        expect([...sections].sort()).toEqual([...standardCatalog.list].sort());
        expect([...rows].sort()).toEqual([...standardCatalog.list].sort());
        await page.screenshot({ path: `${results}reference.png` });
      });
    });
  });
});

describe("the server process", () => {
  it("stops cleanly on SIGTERM", async () => {
    // Runs last in this file: the other suites have finished with the server.
    expect(await server.stop()).toBe(0);
  });
});
