/**
 * What the example API does for each code of the standard catalog: which call of the seeds' API
 * (candidates, jobs, webhooks, balance) fails with it, and in which seed wire format. Shared by the
 * server (which fails) and the client (which calls). Pure data: no DOM, no Node.
 */
import { type StandardCode, standardCatalog, type WireFormat } from "@faultline/core";

/** One call to the example API. */
export interface ApiCall {
  readonly method: "GET" | "POST" | "DELETE";
  /** Relative to `/api`. */
  readonly path: string;
  readonly body?: unknown;
  readonly query: Readonly<Record<string, string>>;
}

/** The body format each seed document shows. Seed 001 shows none, so its codes use the flat F1. */
const seedFormats: Readonly<Record<string, WireFormat>> = {
  "000_f3a4c7a1db14175d.txt": "F1",
  "002_d34427d61813f196.txt": "F2",
  "003_cf2e65094d2c8d98.txt": "F3",
  "004_efcef3e9a232dab6.txt": "F4",
};

/**
 * The wire format of the first seed that documents `code` with a body; seed 004 shows its
 * `RATE_LIMITED` response in F5 (`retryAfter` in the body).
 */
export const wireFormatFor = (code: StandardCode): WireFormat => {
  if (code === "RATE_LIMITED") return "F5";
  for (const source of standardCatalog.get(code)?.sources ?? []) {
    const format = seedFormats[source];
    if (format !== undefined) return format;
  }
  return "F1";
};

/** Calls that fail with a code that belongs to a particular endpoint; every other code fails `GET /jobs`. */
const endpoints: Partial<Record<StandardCode, Omit<ApiCall, "query">>> = {
  NOT_FOUND: { method: "GET", path: "/candidates/cand_404" },
  RESOURCE_NOT_FOUND: { method: "GET", path: "/jobs/job_404" },
  VALIDATION_ERROR: {
    method: "POST",
    path: "/jobs",
    body: { title: "Backend engineer", priority: "urgent" },
  },
  INVALID_BODY: { method: "POST", path: "/candidates", body: { email: "ada@example.com" } },
  DUPLICATE_CANDIDATE: { method: "POST", path: "/candidates", body: { email: "ada@example.com" } },
  IDEMPOTENCY_CONFLICT: { method: "POST", path: "/candidates", body: { email: "grace@example.com" } },
  INVALID_STATUS: { method: "POST", path: "/candidates/cand_42/invite" },
  INVALID_STATUS_TRANSITION: { method: "POST", path: "/candidates/cand_42/select" },
  ANALYSIS_NOT_VIEWED: { method: "POST", path: "/candidates/cand_42/reject" },
  ACTIVE_SESSION: { method: "DELETE", path: "/candidates/cand_42" },
  CONFLICT: { method: "POST", path: "/jobs", body: { title: "Backend engineer", slug: "backend" } },
  WEBHOOK_LIMIT_REACHED: { method: "POST", path: "/webhooks", body: { url: "https://example.com/hook" } },
  INSUFFICIENT_BALANCE: { method: "POST", path: "/balance/charges", body: { amount: "100.00" } },
  IP_NOT_ALLOWED: { method: "GET", path: "/webhooks" },
  SCOPE_INSUFFICIENT: { method: "GET", path: "/webhooks" },
  invalid_request: { method: "POST", path: "/jobs", body: { title: "Backend engineer" } },
};

/**
 * The call that fails with `code`: `fail` names the code, `times` how many attempts fail before one
 * succeeds (default: all of them), `run` scopes the server's attempt counter to one page load.
 */
export const callFor = (
  code: StandardCode,
  options: { readonly run: string; readonly times?: number | undefined },
): ApiCall => {
  const endpoint = endpoints[code] ?? { method: "GET", path: "/jobs" };
  const query: Record<string, string> = { fail: code, run: options.run };
  if (options.times !== undefined) query.times = String(options.times);
  return { ...endpoint, query };
};

/** Whether `code` is a code of the standard catalog. */
export const isStandardCode = (code: string): code is StandardCode => standardCatalog.has(code);
