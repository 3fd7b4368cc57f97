/**
 * Faults under load: many requests through the JSON client against a seeded fault-injecting
 * loopback server, then the figures that show the client kept its promises. Shared by the CI test
 * (load.test.ts) and the full run (load-run.ts).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { type FaultRecord, faultHandler, startServer } from "@faultline/test-server";
import type { Client, FetchOptions } from "../src/index";

export interface LoadOptions {
  readonly seed: number;
  readonly requests: number;
  readonly concurrency: number;
  /** The client's options (baseUrl is set by the run). */
  readonly client: FetchOptions;
  /** Hint of ordinary 429s in ms. */
  readonly hintMs: number;
  /** How long stalls last on the server, in ms (longer than the client's timeout). */
  readonly stallMs: number;
}

export interface LoadReport {
  readonly requests: number;
  readonly succeeded: number;
  readonly rejected: Readonly<Record<string, number>>;
  /** Rejections that were not our typed errors (must be 0). */
  readonly untyped: number;
  readonly unhandledRejections: number;
  /** Requests the server received beyond the first attempt of each logical request. */
  readonly retries: number;
  readonly serverRequests: number;
  readonly faults: Readonly<Record<string, number>>;
  /** Logical POSTs without an Idempotency-Key sent more than once (server- or client-side count; must be 0). */
  readonly postsWithoutKeyRetried: number;
  readonly postsWithoutKey: number;
  readonly postsWithKeyRetried: number;
  /** Hinted responses followed by another attempt. */
  readonly hintedRetries: number;
  /** Smallest (wait before the next attempt) / (hint) over hinted retries; >= 1 means every hint honoured. */
  readonly minWaitOverHint: number;
  /** Hinted retries that came back more than the timer granularity (1 ms) before the hint (must be 0). */
  readonly hintViolations: number;
  /** Hinted retries that came back before the hint at all (timers may fire up to ~1 ms early). */
  readonly strictlyShort: number;
  /** Hinted responses that arrived after the client had already given up on the attempt (timeout). */
  readonly hintsNotReceived: number;
  /** Hints beyond the cap that were retried anyway (must be 0). */
  readonly overCapRetried: number;
  readonly budgetMs: number;
  /** Longest time from call to settle, in ms. */
  readonly maxElapsedMs: number;
  /**
   * Requests that settled after the budget by more than the event loop's longest delay in the run
   * (must be 0): a timer cannot fire before the loop gets to it, which on a loaded CI machine can
   * be hundreds of milliseconds late for reasons that are not the client's.
   */
  readonly overBudget: number;
  /** The event loop's longest delay during the run, in milliseconds. */
  readonly eventLoopLagMs: number;
  readonly durationMs: number;
}

type Kind = "GET" | "POST" | "POST+key";

/**
 * Node's timers run on the event loop's cached clock, so a `setTimeout(50)` can end up to about a
 * millisecond before 50 ms of `performance.now()` have passed. Waits that short of a hint count as
 * honoured; the strict count is reported beside them.
 */
const TIMER_GRANULARITY_MS = 1;

export const runLoad = async (
  createClient: (options: FetchOptions) => Client,
  options: LoadOptions,
): Promise<LoadReport> => {
  const faults = faultHandler({ seed: options.seed, hintMs: options.hintMs, stallMs: options.stallMs });
  const server = await startServer(faults.handler);
  let unhandledRejections = 0;
  const onUnhandled = () => {
    unhandledRejections++;
  };
  const proc = (
    globalThis as { process?: { on(e: string, f: () => void): void; off(e: string, f: () => void): void } }
  ).process;
  proc?.on("unhandledRejection", onUnhandled);
  const started = performance.now();
  // The client's view, so server records can be matched to what the client actually received: every
  // attempt carries `x-test-attempt`, and `beforeRetry` records the error each retried attempt saw.
  const seen = new Map<string, { tag: string; retryAfterMs: number | undefined }>();
  const sendsPerId = new Map<string, number>();
  const cap = options.client.retry === false ? 0 : (options.client.retry?.maxRetryAfterMs ?? 60_000);
  let overCapRetriedByClient = 0;
  const idOf = (url: string) => `t${url.slice(url.lastIndexOf("/") + 1)}`;
  const client = createClient({
    ...options.client,
    baseUrl: server.url,
    hooks: {
      beforeRequest: ({ headers, attempt, url }) => {
        headers.set("x-test-attempt", String(attempt));
        sendsPerId.set(idOf(url), attempt);
      },
      beforeRetry: ({ error, attempt, url }) => {
        if (error.retryAfterMs !== undefined && error.retryAfterMs > cap) overCapRetriedByClient++;
        seen.set(`${idOf(url)}#${attempt}`, { tag: error._tag, retryAfterMs: error.retryAfterMs });
      },
    },
  });
  const budgetMs =
    options.client.retry === false ? Number.POSITIVE_INFINITY : (options.client.retry?.budgetMs ?? 60_000);
  const kinds: Kind[] = [];
  const rejected: Record<string, number> = {};
  let succeeded = 0;
  let untyped = 0;
  let maxElapsedMs = 0;
  const elapsedTimes: number[] = [];
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let next = 0;
  // A small deterministic mix: 70 % GET, 15 % POST without a key, 15 % POST with one.
  const kindOf = (i: number): Kind => (i % 20 < 14 ? "GET" : i % 20 < 17 ? "POST" : "POST+key");
  const one = async (i: number): Promise<void> => {
    const kind = kindOf(i);
    kinds[i] = kind;
    const headers: Record<string, string> = { "x-test-id": `t${i}` };
    if (kind === "POST+key") headers["idempotency-key"] = `key-${i}`;
    const t0 = performance.now();
    try {
      if (kind === "GET") await client.get(`/items/${i}`, { headers });
      else await client.post(`/items/${i}`, { i }, { headers });
      succeeded++;
    } catch (error) {
      if (client.isError(error)) rejected[error._tag] = (rejected[error._tag] ?? 0) + 1;
      else untyped++;
    } finally {
      const elapsed = performance.now() - t0;
      if (elapsed > maxElapsedMs) maxElapsedMs = elapsed;
      elapsedTimes.push(elapsed);
    }
  };
  const worker = async () => {
    while (next < options.requests) await one(next++);
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  lag.disable();
  const eventLoopLagMs = Number.isFinite(lag.max) ? lag.max / 1e6 : 0;
  const overBudget = elapsedTimes.filter((elapsed) => elapsed > budgetMs + eventLoopLagMs).length;
  const durationMs = performance.now() - started;
  // Let late socket events land before counting.
  await new Promise((resolve) => setTimeout(resolve, 50));
  proc?.off("unhandledRejection", onUnhandled);
  await server.close();

  const byId = new Map<string, FaultRecord[]>();
  const faultCounts: Record<string, number> = {};
  for (const record of faults.records) {
    faultCounts[record.fault] = (faultCounts[record.fault] ?? 0) + 1;
    if (record.testId === undefined) continue;
    const list = byId.get(record.testId) ?? [];
    list.push(record);
    byId.set(record.testId, list);
  }
  let postsWithoutKeyRetried = 0;
  let postsWithoutKeySentTwice = 0;
  let postsWithKeyRetried = 0;
  let hintedRetries = 0;
  let hintViolations = 0;
  let strictlyShort = 0;
  let hintsNotReceived = 0;
  let overCapRetried = overCapRetriedByClient;
  let minWaitOverHint = Number.POSITIVE_INFINITY;
  for (const [id, list] of byId) {
    const kind = kinds[Number(id.slice(1))];
    if (kind === "POST" && list.length > 1) postsWithoutKeyRetried++;
    if (kind === "POST" && (sendsPerId.get(id) ?? 0) > 1) postsWithoutKeySentTwice++;
    if (kind === "POST+key" && list.length > 1) postsWithKeyRetried++;
    const byAttempt = new Map(list.map((r) => [r.attempt, r]));
    for (const record of list) {
      if (record.hintMs === undefined || record.attempt === undefined) continue;
      const following = byAttempt.get(record.attempt + 1);
      const view = seen.get(`${id}#${record.attempt}`);
      if (following === undefined) continue;
      // The client timed out (or lost the connection) before this response reached it: it never saw the hint.
      if (view === undefined || view.retryAfterMs === undefined) {
        hintsNotReceived++;
        continue;
      }
      if (record.fault === "429-over-cap") {
        overCapRetried++;
        continue;
      }
      hintedRetries++;
      const wait = following.at - (record.sentAt ?? record.at);
      const ratio = wait / record.hintMs;
      if (ratio < minWaitOverHint) minWaitOverHint = ratio;
      if (wait < record.hintMs) strictlyShort++;
      if (wait < record.hintMs - TIMER_GRANULARITY_MS) hintViolations++;
    }
  }
  return {
    requests: options.requests,
    succeeded,
    rejected,
    untyped,
    unhandledRejections,
    retries: faults.records.length - byId.size,
    serverRequests: faults.records.length,
    faults: faultCounts,
    postsWithoutKeyRetried: Math.max(postsWithoutKeyRetried, postsWithoutKeySentTwice),
    postsWithoutKey: kinds.filter((k) => k === "POST").length,
    postsWithKeyRetried,
    hintedRetries,
    minWaitOverHint,
    hintViolations,
    strictlyShort,
    hintsNotReceived,
    overCapRetried,
    budgetMs,
    maxElapsedMs,
    overBudget,
    eventLoopLagMs,
    durationMs,
  };
};

/** The report as aligned lines for a terminal. */
export const formatReport = (r: LoadReport): string => {
  const rows: Array<[string, string]> = [
    ["requests", `${r.requests}`],
    ["succeeded", `${r.succeeded}`],
    [
      "rejected (typed) by kind",
      Object.entries(r.rejected)
        .sort()
        .map(([k, v]) => `${k}=${v}`)
        .join(" ") || "none",
    ],
    ["rejected untyped", `${r.untyped}`],
    ["unhandled rejections", `${r.unhandledRejections}`],
    ["server requests / retries", `${r.serverRequests} / ${r.retries}`],
    [
      "faults injected",
      Object.entries(r.faults)
        .sort()
        .map(([k, v]) => `${k}=${v}`)
        .join(" "),
    ],
    ["POSTs without key retried", `${r.postsWithoutKeyRetried} (of ${r.postsWithoutKey})`],
    ["POSTs with key retried", `${r.postsWithKeyRetried}`],
    ["hinted retries", `${r.hintedRetries}`],
    ["min wait / hint", Number.isFinite(r.minWaitOverHint) ? r.minWaitOverHint.toFixed(3) : "n/a"],
    ["retries > 1 ms before the hint", `${r.hintViolations}`],
    ["retries < 1 ms before the hint (timer granularity)", `${r.strictlyShort}`],
    ["hints not received (attempt timed out first)", `${r.hintsNotReceived}`],
    ["over-cap hints retried", `${r.overCapRetried}`],
    ["max elapsed / budget", `${r.maxElapsedMs.toFixed(1)} ms / ${r.budgetMs} ms`],
    ["event loop's longest delay", `${r.eventLoopLagMs.toFixed(1)} ms`],
    ["requests over budget (+ that delay)", `${r.overBudget}`],
    ["wall time", `${(r.durationMs / 1000).toFixed(2)} s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
};

/** The client options both runs use: short timeouts so the run stays quick. */
export const loadClientOptions: FetchOptions = {
  timeoutMs: 200,
  retry: {
    attempts: 4,
    budgetMs: 1_500,
    baseDelayMs: 10,
    maxDelayMs: 80,
    maxRetryAfterMs: 2_000,
    retryTimeouts: true,
  },
};
