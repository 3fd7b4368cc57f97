/**
 * The full fault-load run: 2,000 requests, 50 at a time, through the built client against the
 * seeded fault-injecting loopback server. Prints the figures; exits 1 if any promise was broken.
 *
 *   pnpm --filter @faultline/fetch run load [-- --seed 7 --requests 2000 --concurrency 50]
 */
import { formatReport, loadClientOptions, runLoad } from "./load.ts";

// The built package (run `tsdown` first; the `load` script does); typed by the source.
const entry = "@faultline/fetch";
const { createClient } = (await import(entry)) as typeof import("../src/index");

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(value) ? value : fallback;
};

const report = await runLoad(createClient, {
  seed: arg("seed", 20261122),
  requests: arg("requests", 2_000),
  concurrency: arg("concurrency", 50),
  client: loadClientOptions,
  hintMs: 50,
  stallMs: 1_000,
});
console.log(formatReport(report));
const settled = report.succeeded + Object.values(report.rejected).reduce((a, b) => a + b, 0);
const broken =
  settled !== report.requests ||
  report.untyped > 0 ||
  report.unhandledRejections > 0 ||
  report.postsWithoutKeyRetried > 0 ||
  report.hintViolations > 0 ||
  report.overCapRetried > 0 ||
  report.overBudget > 0;
console.log(broken ? "\nFAILED: a promise was broken (see above)" : "\nOK: every check held");
process.exitCode = broken ? 1 : 0;
