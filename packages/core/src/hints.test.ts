import { describe, expect, it } from "vitest";
import { decode, type ResponseLike } from "./decode";
import { parseDuration, parseRateLimit, parseRetryAfter, retryAfterFromHeaders } from "./hints";

/** The response's own clock (its `Date` header) and a local clock five minutes ahead of it. */
const DATE = "Wed, 21 Oct 2015 07:28:00 GMT";
const DATE_MS = Date.parse(DATE);
const DATE_S = DATE_MS / 1000;
const LOCAL = DATE_MS + 300_000;
const now = () => LOCAL;

interface Row {
  readonly name: string;
  readonly response: ResponseLike;
  readonly retryAfterMs: number | undefined;
}

const googleBody = (retryDelay: unknown) => ({
  error: {
    code: 429,
    message: "Quota exceeded for quota metric 'Requests'.",
    status: "RESOURCE_EXHAUSTED",
    details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay }],
  },
});

/** Every hint format the retry policy reads, as `decode` turns it into `retryAfterMs`. */
const table: readonly Row[] = [
  {
    name: "Retry-After delay-seconds",
    response: { status: 429, headers: { "Retry-After": "120" } },
    retryAfterMs: 120_000,
  },
  {
    name: "Retry-After decimal seconds",
    response: { status: 503, headers: { "Retry-After": "1.5" } },
    retryAfterMs: 1_500,
  },
  { name: "Retry-After zero", response: { status: 429, headers: { "Retry-After": "0" } }, retryAfterMs: 0 },
  {
    name: "Retry-After HTTP-date counted from the response's Date (local clock skewed)",
    response: { status: 503, headers: { Date: DATE, "Retry-After": "Wed, 21 Oct 2015 07:28:30 GMT" } },
    retryAfterMs: 30_000,
  },
  {
    name: "Retry-After HTTP-date without a Date header, counted from the local clock",
    response: { status: 503, headers: { "Retry-After": new Date(LOCAL + 45_000).toUTCString() } },
    retryAfterMs: 45_000,
  },
  {
    name: "Retry-After HTTP-date in the past",
    response: { status: 503, headers: { Date: DATE, "Retry-After": "Wed, 21 Oct 2015 07:27:00 GMT" } },
    retryAfterMs: 0,
  },
  {
    name: "Retry-After negative (ignored)",
    response: { status: 429, headers: { "Retry-After": "-5" } },
    retryAfterMs: undefined,
  },
  {
    name: "Retry-After garbage (ignored)",
    response: { status: 429, headers: { "Retry-After": "soon" } },
    retryAfterMs: undefined,
  },
  {
    name: "retry-after-ms",
    response: { status: 429, headers: { "retry-after-ms": "250" } },
    retryAfterMs: 250,
  },
  {
    name: "retry-after-ms decimal",
    response: { status: 429, headers: { "retry-after-ms": "1500.4" } },
    retryAfterMs: 1_500,
  },
  {
    name: "x-ms-retry-after-ms (Azure)",
    response: { status: 429, headers: { "x-ms-retry-after-ms": "800" } },
    retryAfterMs: 800,
  },
  {
    name: "retry-after-ms wins over Retry-After",
    response: { status: 429, headers: { "retry-after-ms": "1234", "Retry-After": "2" } },
    retryAfterMs: 1_234,
  },
  {
    name: "body retryAfter in seconds (F5)",
    response: { status: 429, body: { code: "RATE_LIMITED", message: "Slow down", retryAfter: 42 } },
    retryAfterMs: 42_000,
  },
  {
    name: "body retry_after decimal seconds (Discord)",
    response: {
      status: 429,
      body: { message: "You are being rate limited.", retry_after: 64.57, global: false },
    },
    retryAfterMs: 64_570,
  },
  {
    name: "body retryAfter as a duration string",
    response: { status: 429, body: JSON.stringify({ code: "RATE_LIMITED", retryAfter: "2.5s" }) },
    retryAfterMs: 2_500,
  },
  {
    name: "Retry-After header wins over the body",
    response: {
      status: 429,
      headers: { "Retry-After": "3" },
      body: { code: "RATE_LIMITED", retryAfter: 42 },
    },
    retryAfterMs: 3_000,
  },
  {
    name: "Google RetryInfo retryDelay as a Duration string",
    response: { status: 429, headers: { "content-type": "application/json" }, body: googleBody("2.5s") },
    retryAfterMs: 2_500,
  },
  {
    name: "Google RetryInfo retryDelay as { seconds, nanos }",
    response: { status: 429, body: googleBody({ seconds: 3, nanos: 500_000_000 }) },
    retryAfterMs: 3_500,
  },
  {
    name: "RateLimit combined form (earlier drafts)",
    response: { status: 429, headers: { RateLimit: "limit=100, remaining=0, reset=50" } },
    retryAfterMs: 50_000,
  },
  {
    name: "RateLimit structured form with RateLimit-Policy (draft 07+)",
    response: {
      status: 429,
      headers: { RateLimit: '"default";r=0;t=50', "RateLimit-Policy": '"default";q=100;w=60' },
    },
    retryAfterMs: 50_000,
  },
  {
    name: "RateLimit structured form, several windows: the exhausted one binds",
    response: {
      status: 429,
      headers: {
        RateLimit: '"burst";r=5;t=1, "daily";r=0;t=3600',
        "RateLimit-Policy": '"burst";q=10;w=1, "daily";q=1000;w=86400',
      },
    },
    retryAfterMs: 3_600_000,
  },
  {
    name: "RateLimit-Reset delta (separate draft headers)",
    response: {
      status: 429,
      headers: { "RateLimit-Limit": "10", "RateLimit-Remaining": "0", "RateLimit-Reset": "30" },
    },
    retryAfterMs: 30_000,
  },
  {
    name: "X-RateLimit-Reset as a delta in seconds",
    response: {
      status: 429,
      headers: { "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "42" },
    },
    retryAfterMs: 42_000,
  },
  {
    name: "X-RateLimit-Reset as epoch seconds, counted from the response's Date",
    response: { status: 429, headers: { Date: DATE, "X-RateLimit-Reset": String(DATE_S + 60) } },
    retryAfterMs: 60_000,
  },
  {
    name: "X-RateLimit-Reset as epoch milliseconds",
    response: { status: 429, headers: { Date: DATE, "X-RateLimit-Reset": String(DATE_MS + 60_000) } },
    retryAfterMs: 60_000,
  },
  {
    name: "X-RateLimit-Reset epoch in the past",
    response: { status: 429, headers: { Date: DATE, "X-RateLimit-Reset": String(DATE_S - 10) } },
    retryAfterMs: 0,
  },
  {
    name: "X-RateLimit-Reset-After (Discord)",
    response: { status: 429, headers: { "X-RateLimit-Reset-After": "1.25", "X-RateLimit-Remaining": "0" } },
    retryAfterMs: 1_250,
  },
  {
    name: "x-ratelimit-reset-requests as a Go duration (OpenAI)",
    response: {
      status: 429,
      headers: { "x-ratelimit-remaining-requests": "0", "x-ratelimit-reset-requests": "6m0s" },
    },
    retryAfterMs: 360_000,
  },
  {
    name: "anthropic-ratelimit-requests-reset as RFC 3339, counted from the response's Date",
    response: {
      status: 429,
      headers: { Date: DATE, "anthropic-ratelimit-requests-reset": new Date(DATE_MS + 20_000).toISOString() },
    },
    retryAfterMs: 20_000,
  },
  {
    name: "X-RateLimit-Reset as an ISO 8601 timestamp (Mastodon), counted from the response's Date",
    response: {
      status: 429,
      headers: {
        Date: DATE,
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": new Date(DATE_MS + 30_000).toISOString(),
      },
    },
    retryAfterMs: 30_000,
  },
  {
    name: "X-RateLimit-Reset as a date string (lemlist's `Date.toString()`), counted from the response's Date",
    response: {
      status: 429,
      headers: { Date: DATE, "X-RateLimit-Reset": new Date(DATE_MS + 4_000).toString() },
    },
    retryAfterMs: 4_000,
  },
  {
    name: "X-RateLimit-Reset that is neither a count nor a date is no hint",
    response: { status: 429, headers: { Date: DATE, "X-RateLimit-Reset": "soon" } },
    retryAfterMs: undefined,
  },
  {
    name: "GitHub primary rate limit: 403 with remaining 0 and an epoch reset",
    response: {
      status: 403,
      headers: {
        Date: DATE,
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(DATE_S + 90),
      },
      body: { message: "API rate limit exceeded", documentation_url: "https://docs.github.com/rest" },
    },
    retryAfterMs: 90_000,
  },
  {
    name: "Retry-After wins over X-RateLimit-Reset",
    response: { status: 429, headers: { "Retry-After": "5", "X-RateLimit-Reset": "42" } },
    retryAfterMs: 5_000,
  },
  {
    name: "a reset on a 503 with requests left is not a hint",
    response: { status: 503, headers: { "X-RateLimit-Remaining": "10", "X-RateLimit-Reset": "42" } },
    retryAfterMs: undefined,
  },
  { name: "no hint at all", response: { status: 429 }, retryAfterMs: undefined },
];

describe("hint formats, through decode", () => {
  it.each(table)("$name", ({ response, retryAfterMs }) => {
    const error = decode(response, { now });
    expect(error.retryAfterMs).toBe(retryAfterMs);
  });

  it("reports rate-limit state with the hint", () => {
    const error = decode(
      {
        status: 429,
        headers: { RateLimit: '"default";r=0;t=50', "RateLimit-Policy": '"default";q=100;w=60' },
      },
      { now },
    );
    expect(error.rateLimit).toEqual({ limit: 100, remaining: 0, resetMs: 50_000 });
    expect(error._tag).toBe("TooManyRequests");
    expect(error.retryable).toBe(true);
  });

  it("reports the binding window of several", () => {
    const error = decode(
      {
        status: 429,
        headers: {
          RateLimit: '"burst";r=5;t=1, "daily";r=0;t=3600',
          "RateLimit-Policy": '"burst";q=10;w=1, "daily";q=1000;w=86400',
        },
      },
      { now },
    );
    expect(error.rateLimit).toEqual({ limit: 1000, remaining: 0, resetMs: 3_600_000 });
  });

  it("marks GitHub's 403 rate limit as throttling", () => {
    const github = table.find((row) => row.name.startsWith("GitHub"))!;
    const error = decode(github.response, { now });
    expect(error._tag).toBe("TooManyRequests");
    expect(error.retryable).toBe(true);
    expect(error.rateLimit).toEqual({ limit: 5000, remaining: 0, resetMs: 90_000 });
  });
});

describe("decode reads the local clock only when a hint is counted from it", () => {
  const decodeCounting = (headers: Record<string, string>) => {
    let reads = 0;
    const err = decode(
      { status: 429, headers, body: "" },
      {
        now: () => {
          reads++;
          return Date.parse(DATE);
        },
      },
    );
    return { reads, retryAfterMs: err.retryAfterMs, resetMs: err.rateLimit?.resetMs };
  };

  it.each([
    ["delta seconds", { "retry-after": "42", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "42" }, 0],
    ["an epoch reset counted from the Date header", { date: DATE, "x-ratelimit-reset": "1445412540" }, 0],
    [
      "an epoch reset without a Date header",
      { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1445412540" },
      1,
    ],
    [
      "an HTTP-date and an epoch reset without a Date header",
      { "retry-after": "Wed, 21 Oct 2015 07:29:00 GMT", "x-ratelimit-reset": "1445412540" },
      1,
    ],
  ] as const)("%s: %i reads", (_, headers, reads) => {
    const got = decodeCounting(headers);
    expect(got.reads).toBe(reads);
    expect(got.retryAfterMs ?? got.resetMs).toBeGreaterThan(0);
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["120", 120_000],
    ["1.5", 1_500],
    [" 7 ", 7_000],
    ["0", 0],
    ["-1", undefined],
    ["1e3", undefined],
    ["", undefined],
    ["tomorrow", undefined],
    ["x".repeat(100), undefined],
    ["Wed, 21 Oct 2015 07:28:30 GMT", 30_000],
    ["Wednesday, 21-Oct-15 07:28:30 GMT", 30_000],
  ] as const)("%s -> %s", (value, expected) => {
    expect(parseRetryAfter(value, DATE_MS)).toBe(expected);
  });
});

describe("parseDuration", () => {
  it.each([
    ["42", 42_000],
    ["2.5s", 2_500],
    ["6m0s", 360_000],
    ["1h2m", 3_720_000],
    ["20ms", 20],
    ["1.5", 1_500],
    ["-3", undefined],
    ["3 s", undefined],
    ["abc", undefined],
  ] as const)("%s -> %s", (value, expected) => {
    expect(parseDuration(value)).toBe(expected);
  });
});

describe("retryAfterFromHeaders", () => {
  it("reads a Headers object", () => {
    expect(retryAfterFromHeaders(new Headers({ "Retry-After": "3" }))).toBe(3_000);
    expect(retryAfterFromHeaders(new Headers({ "Retry-After-Ms": "30" }))).toBe(30);
    expect(retryAfterFromHeaders(new Headers())).toBeUndefined();
  });

  it("counts an HTTP-date from the Date header, not the local clock", () => {
    const headers = new Headers({ Date: DATE, "Retry-After": "Wed, 21 Oct 2015 07:29:00 GMT" });
    expect(retryAfterFromHeaders(headers, LOCAL)).toBe(60_000);
  });
});

describe("parseRateLimit", () => {
  it("returns undefined without rate-limit headers", () => {
    expect(parseRateLimit(new Headers({ "content-type": "application/json" }))).toBeUndefined();
  });

  it("reads X-RateLimit-* with a delta reset", () => {
    expect(
      parseRateLimit(
        new Headers({ "x-ratelimit-limit": "60", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "42" }),
      ),
    ).toEqual({ limit: 60, remaining: 0, resetMs: 42_000 });
  });

  it("tells an epoch reset from a delta", () => {
    const headers = (reset: string) => new Headers({ Date: DATE, "x-ratelimit-reset": reset });
    expect(parseRateLimit(headers("30"), LOCAL)?.resetMs).toBe(30_000);
    expect(parseRateLimit(headers(String(DATE_S + 30)), LOCAL)?.resetMs).toBe(30_000);
    expect(parseRateLimit(headers(String(DATE_MS + 30_000)), LOCAL)?.resetMs).toBe(30_000);
  });

  it("reads the first value of a list (RateLimit-Limit: 10, 10;w=1)", () => {
    expect(
      parseRateLimit(new Headers({ "RateLimit-Limit": "10, 10;w=1, 50;w=60", "RateLimit-Remaining": "9" })),
    ).toEqual({
      limit: 10,
      remaining: 9,
    });
  });

  it("reads the structured form with an unquoted policy name and no policy header", () => {
    expect(parseRateLimit(new Headers({ RateLimit: "default;r=3;t=7" }))).toEqual({
      remaining: 3,
      resetMs: 7_000,
    });
  });

  it("falls back to the first policy's quota when names differ", () => {
    expect(
      parseRateLimit(new Headers({ RateLimit: '"a";r=1;t=2', "RateLimit-Policy": '"b";q=50;w=60' })),
    ).toEqual({ limit: 50, remaining: 1, resetMs: 2_000 });
  });

  it("ignores oversized and malformed values", () => {
    expect(parseRateLimit(new Headers({ RateLimit: `"x";r=0;t=5${',"y";r=1'.repeat(80)}` }))).toBeUndefined();
    expect(parseRateLimit(new Headers({ RateLimit: '"x";r=abc;t=-1' }))).toBeUndefined();
  });
});

describe("negative or garbage rate-limit headers are ignored", () => {
  it("does not copy them onto the state or the error", () => {
    expect(
      parseRateLimit(
        new Headers({ "x-ratelimit-limit": "-1", "x-ratelimit-remaining": "-5", "x-ratelimit-reset": "-30" }),
      ),
    ).toBeUndefined();
    expect(
      parseRateLimit(
        new Headers({ "ratelimit-limit": "abc", "ratelimit-remaining": "NaN", "ratelimit-reset": "-2" }),
      ),
    ).toBeUndefined();
    expect(
      parseRateLimit(new Headers({ "x-ratelimit-reset-after": "-1", "x-ratelimit-remaining": "3" })),
    ).toEqual({ remaining: 3 });
    const err = decode({
      status: 429,
      headers: { "x-ratelimit-remaining": "-1", "x-ratelimit-limit": "60" },
    });
    expect(err.rateLimit).toEqual({ limit: 60 });
  });
});
