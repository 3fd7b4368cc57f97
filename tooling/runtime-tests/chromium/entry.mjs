// Runs the suite in Debian's Chromium (/usr/bin/chromium, headless) through playwright-core.
// The page and its modules come from the loopback server itself (server.mjs, /__rt/).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromiumExecutable, chromiumFlags } from "@faultline/test-server/chromium";
import { chromium } from "playwright-core";
import { formatResult, formatVersion } from "../lib/protocol.mjs";

const baseUrl = process.argv[2];
if (!baseUrl) throw new Error("usage: node chromium/entry.mjs <baseUrl>");
const executablePath = chromiumExecutable();

const userDataDir = await mkdtemp(join(tmpdir(), "rt-chromium-"));
/** @type {import("playwright-core").BrowserContext | undefined} */
let context;
const cleanUp = async () => {
  await context?.close().catch(() => {});
  await rm(userDataDir, { recursive: true, force: true });
};
// run.mjs sends SIGTERM at its time limit (maybe mid-launch): close the browser, remove the profile.
process.once("SIGTERM", () => cleanUp().finally(() => process.exit(143)));
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    args: [...chromiumFlags],
    headless: true,
    handleSIGTERM: false,
    handleSIGINT: false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  const consoleErrors = []; // expected ones too: the browser logs every 4xx and refused connection
  page.on("pageerror", (error) => pageErrors.push(`page error: ${error.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(`console: ${msg.text()}`);
  });
  await page.goto(`${baseUrl}/__rt/index.html`);
  const cdp = await context.newCDPSession(page);
  console.log(formatVersion((await cdp.send("Browser.getVersion")).product));
  // Poll for the results; fail early on an uncaught page error (e.g. a module failed to load).
  const deadline = Date.now() + 25_000;
  let results;
  while (results === undefined) {
    results = await page.evaluate(() => globalThis.__rtResults);
    if (results !== undefined) break;
    if (pageErrors.length > 0 || Date.now() > deadline) {
      const why = pageErrors.length > 0 ? pageErrors : ["timed out", ...consoleErrors];
      throw new Error(`the page produced no results:\n${why.join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const result of results) console.log(formatResult(result));
} finally {
  await cleanUp();
}
