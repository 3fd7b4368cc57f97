import { describe, expect, it } from "vitest";
import { createClient } from "../src/index";
import { formatReport, loadClientOptions, runLoad } from "./load";

describe("faults under load (CI size)", () => {
  it("300 requests, 25 at a time: every request typed, hints honoured, no unsafe retry, budget kept", async () => {
    const report = await runLoad(createClient, {
      seed: 20261122,
      requests: 300,
      concurrency: 25,
      client: loadClientOptions,
      hintMs: 50,
      stallMs: 1_000,
    });
    console.log(formatReport(report));
    expect(report.succeeded + Object.values(report.rejected).reduce((a, b) => a + b, 0)).toBe(300);
    expect(report.untyped).toBe(0);
    expect(report.unhandledRejections).toBe(0);
    expect(report.postsWithoutKeyRetried).toBe(0);
    expect(report.postsWithKeyRetried).toBeGreaterThan(0);
    expect(report.hintedRetries).toBeGreaterThan(0);
    expect(report.hintViolations).toBe(0);
    expect(report.minWaitOverHint).toBeGreaterThanOrEqual(0.98);
    expect(report.overCapRetried).toBe(0);
    expect(report.overBudget).toBe(0);
    expect(report.retries).toBeGreaterThan(0);
  }, 30_000);
});
