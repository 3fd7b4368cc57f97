import { describe, expect, it } from "vitest";
import { redactText } from "./redact";
import { type StandardCode, standardCatalog } from "./standard";

/** Status of every code, as the seed references document it (402 for INSUFFICIENT_BALANCE is inferred). */
const expectedStatus: Record<StandardCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_ERROR: 400,
  INVALID_REQUEST: 400,
  INVALID_BODY: 400,
  invalid_request: 400,
  UNAUTHORIZED: 401,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PERMISSION_DENIED: 403,
  IP_NOT_ALLOWED: 403,
  SCOPE_INSUFFICIENT: 403,
  API_DISABLED: 403,
  ACCOUNT_SUSPENDED: 403,
  NOT_FOUND: 404,
  RESOURCE_NOT_FOUND: 404,
  CONFLICT: 409,
  DUPLICATE_CANDIDATE: 409,
  INVALID_STATUS: 409,
  INVALID_STATUS_TRANSITION: 409,
  ANALYSIS_NOT_VIEWED: 409,
  ACTIVE_SESSION: 409,
  WEBHOOK_LIMIT_REACHED: 409,
  IDEMPOTENCY_CONFLICT: 409,
  UNPROCESSABLE_ENTITY: 422,
  RATE_LIMITED: 429,
  RATE_LIMIT_EXCEEDED: 429,
  INTERNAL_SERVER_ERROR: 500,
  SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  INSUFFICIENT_BALANCE: 402,
};

const seeds = [
  "000_f3a4c7a1db14175d.txt",
  "001_95ec42e1145cdac6.txt",
  "002_d34427d61813f196.txt",
  "003_cf2e65094d2c8d98.txt",
  "004_efcef3e9a232dab6.txt",
];

const texts = (): string[] =>
  standardCatalog.list.flatMap((code) => {
    const spec = standardCatalog.get(code)!;
    return [code, spec.title, spec.description ?? "", ...(spec.causes ?? []), ...(spec.resolution ?? [])];
  });

describe("standardCatalog", () => {
  it("is named standard", () => {
    expect(standardCatalog.name).toBe("standard");
  });

  it("declares exactly the 30 codes of the seeds", () => {
    expect(standardCatalog.list).toHaveLength(30);
    expect([...standardCatalog.list].sort()).toEqual(Object.keys(expectedStatus).sort());
  });

  it.each(Object.entries(expectedStatus))("%s has status %i", (code, status) => {
    expect(standardCatalog.get(code)?.status).toBe(status);
  });

  it.each([...standardCatalog.list])("%s is fully documented", (code) => {
    const spec = standardCatalog.get(code)!;
    expect(spec.title.trim()).not.toBe("");
    expect(spec.description?.trim()).toBeTruthy();
    expect(spec.causes?.length).toBeGreaterThan(0);
    expect(spec.resolution?.length).toBeGreaterThan(0);
    expect(spec.sources?.length).toBeGreaterThan(0);
    for (const line of [...(spec.causes ?? []), ...(spec.resolution ?? [])]) expect(line.trim()).not.toBe("");
    for (const source of spec.sources ?? []) expect(seeds).toContain(source);
    expect(new Set(spec.causes).size).toBe(spec.causes?.length);
    expect(new Set(spec.resolution).size).toBe(spec.resolution?.length);
  });

  it("marks the codes the seeds say to retry as retryable, and fixed limits as not", () => {
    for (const code of [
      "RATE_LIMITED",
      "RATE_LIMIT_EXCEEDED",
      "INTERNAL_SERVER_ERROR",
      "SERVER_ERROR",
      "SERVICE_UNAVAILABLE",
    ] as const) {
      expect(standardCatalog.codes[code].retryable).toBe(true);
    }
    expect(standardCatalog.codes.IDEMPOTENCY_CONFLICT.retryable).toBe(false);
    expect(standardCatalog.codes.WEBHOOK_LIMIT_REACHED.retryable).toBe(false);
  });

  it("parses INSUFFICIENT_BALANCE details", () => {
    const parse = standardCatalog.codes.INSUFFICIENT_BALANCE.details;
    if (parse === undefined) throw new Error("INSUFFICIENT_BALANCE declares a details parser");
    expect(parse({ required: "100.00", available: "50.50" })).toEqual({
      required: "100.00",
      available: "50.50",
    });
    expect(parse({ required: 100 })).toBeUndefined();
    expect(parse({ required: "100.00" })).toBeUndefined();
    expect(parse(null)).toBeUndefined();
  });

  it("does not resolve inherited property names", () => {
    expect(standardCatalog.get("constructor")).toBeUndefined();
    expect(standardCatalog.get("__proto__")).toBeUndefined();
    expect(standardCatalog.get("toString")).toBeUndefined();
    expect(standardCatalog.has("constructor")).toBe(false);
  });

  it("matches codes case-sensitively", () => {
    expect(standardCatalog.has("NOT_FOUND")).toBe(true);
    expect(standardCatalog.has("not_found")).toBe(false);
    expect(standardCatalog.has("invalid_request")).toBe(true);
    expect(standardCatalog.get("invalid_request")).not.toBe(standardCatalog.get("INVALID_REQUEST"));
  });

  it("contains no key-shaped string", () => {
    for (const text of texts()) {
      expect(text).not.toMatch(/(rp_app|sk_live|pk_live)_[A-Za-z0-9]/);
      expect(redactText(text)).toBe(text);
    }
  });

  it("keeps 5xx descriptions generic", () => {
    for (const code of standardCatalog.list) {
      const spec = standardCatalog.get(code)!;
      if (spec.status >= 500) expect(spec.description).toMatch(/try again later\.$/);
    }
  });
});
