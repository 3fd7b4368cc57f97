/**
 * Reading the server's retry hints and rate-limit state from a response: `Retry-After` (seconds,
 * decimal seconds, HTTP-date counted from the response's `Date`), `retry-after-ms`, body
 * `retryAfter`/`retry_after`, Google `RetryInfo`, `RateLimit` (IETF draft) and `X-RateLimit-Reset`
 * (delta or epoch, told apart).
 *
 * @since 0.1.0
 */
import type { RateLimit } from "./ApiError";
import { type HeaderReader, toHeaderMap } from "./internal/headers";

const parseNumber = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  // Most values are a few digits ("0", "42", "1700000000"): read without a regex.
  if (text.length > 0 && text.length <= 15) {
    let n = 0;
    let i = 0;
    for (; i < text.length; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (i === text.length) return n;
  }
  const n = /^\s*-?\d+(?:\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};

/** A non-negative number from a header; negative or garbage values are ignored. */
const count = (text: string | undefined): number | undefined => {
  const n = parseNumber(text);
  return n !== undefined && n >= 0 ? n : undefined;
};

const nonNegative = (ms: number): number => (ms > 0 ? Math.round(ms) : 0);

/** Seconds as milliseconds; a negative count is no hint. */
const secondsToMs = (seconds: number): number | undefined =>
  seconds >= 0 ? nonNegative(seconds * 1000) : undefined;

/** Milliseconds until an HTTP-date (or any date `Date.parse` reads), counted from `dateMs`. */
const untilDate = (value: string, dateMs: number): number | undefined => {
  const at = Date.parse(value);
  return Number.isFinite(at) ? nonNegative(at - dateMs) : undefined;
};

const units: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000001,
};

/**
 * Parses a duration in seconds, decimal seconds, or Go/Google style (`"2.5s"`, `"6m0s"`, `"20ms"`,
 * `"1h2m"`) into milliseconds.
 *
 * Use it for a hint in a body field `decode` does not know; `decode` already reads the known ones.
 *
 * @example
 * ```ts
 * import { parseDuration } from "@faultline/core";
 * parseDuration("2.5s"); // 2500
 * parseDuration("6m0s"); // 360000
 * parseDuration("42"); // 42000
 * ```
 * @since 0.1.0
 */
export const parseDuration = (text: string): number | undefined => {
  const plain = parseNumber(text);
  if (plain !== undefined) return secondsToMs(plain);
  const trimmed = text.trim();
  if (trimmed.length > 40) return undefined;
  // Unit by unit from the start: the text is a duration only when the units cover all of it.
  const unit = /(\d+(?:\.\d+)?)(ms|[hms]|[uµn]s)/y;
  let total = 0;
  let end = 0;
  for (let m = unit.exec(trimmed); m !== null; m = unit.exec(trimmed)) {
    total += Number(m[1]) * (units[m[2] as string] as number);
    end = unit.lastIndex;
  }
  return end > 0 && end === trimmed.length ? nonNegative(total) : undefined;
};

/**
 * The response's own clock: its `Date` header when valid, else `now`. HTTP-dates and epoch resets
 * are counted from it, so a skewed local clock does not distort the hint.
 */
const responseNow = (headers: HeaderReader, now: () => number): number => {
  const parsed = Date.parse(headers.get("date") ?? "");
  return Number.isFinite(parsed) ? parsed : now();
};

/**
 * Parses one `Retry-After` value: delay-seconds (decimals accepted) or an HTTP-date counted from
 * `dateMs` (the response's `Date`). Returns milliseconds, never negative.
 *
 * Use it when you hold a raw `Retry-After` value outside a response `decode` sees.
 *
 * @example
 * ```ts
 * import { parseRetryAfter } from "@faultline/core";
 * parseRetryAfter("120", 0); // 120000
 * parseRetryAfter("1.5", 0); // 1500
 * parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT")); // 30000
 * ```
 * @since 0.1.0
 */
export const parseRetryAfter = (value: string, dateMs: number): number | undefined => {
  const seconds = parseNumber(value);
  if (seconds !== undefined) return secondsToMs(seconds);
  return value.length > 64 ? undefined : untilDate(value, dateMs);
};

/**
 * Tells a reset value's meaning apart: epoch milliseconds (> 1e12), epoch seconds (> 1e9), else a
 * delta in seconds. Returns milliseconds from the response's clock.
 */
const resetToMs = (value: number, dateMs: number): number =>
  nonNegative(value > 1e12 ? value - dateMs : value > 1e9 ? value * 1000 - dateMs : value * 1000);

/**
 * The server's retry hint from headers alone, in milliseconds: `retry-after-ms`,
 * `x-ms-retry-after-ms`, then `Retry-After`.
 *
 * Use it on a response that is not an error (a 202 with `Retry-After` for polling, say); for errors,
 * read `error.retryAfterMs`.
 *
 * @example
 * ```ts
 * import { retryAfterFromHeaders } from "@faultline/core";
 * retryAfterFromHeaders(new Headers({ "Retry-After": "3" })); // 3000
 * ```
 * @since 0.1.0
 */
export const retryAfterFromHeaders = (
  headers: ReadonlyMap<string, string> | Headers,
  now: number = Date.now(),
): number | undefined => retryAfterFrom(headers instanceof Map ? headers : toHeaderMap(headers), () => now);

/**
 * Internal (decode): {@link retryAfterFromHeaders} of headers read into a map, with a local clock
 * that is read only when an HTTP-date without a `Date` header needs it.
 */
export const retryAfterFrom = (map: HeaderReader, now: () => number): number | undefined => {
  const ms = count(map.get("retry-after-ms")) ?? count(map.get("x-ms-retry-after-ms"));
  if (ms !== undefined) return nonNegative(ms);
  const value = map.get("retry-after");
  if (value === undefined) return undefined;
  const seconds = parseNumber(value);
  if (seconds !== undefined) return secondsToMs(seconds);
  // Only an HTTP-date is counted from the response's clock: delay-seconds need no `Date` parsed.
  return parseRetryAfter(value, responseNow(map, now));
};

/** The first of `names` that holds a count (of a list, its first member). */
const first = (headers: HeaderReader, names: readonly string[]): number | undefined => {
  for (const name of names) {
    const value = headers.get(name);
    if (value === undefined) continue;
    const comma = value.indexOf(",");
    const n = count(comma < 0 ? value : value.slice(0, comma));
    if (n !== undefined) return n;
  }
  return undefined;
};

/** One spelling per vendor family: IETF, X-RateLimit, X-Rate-Limit, OpenAI, Anthropic. */
const rateHeaders = (kind: string): string[] => [
  `ratelimit-${kind}`,
  `x-ratelimit-${kind}`,
  `x-rate-limit-${kind}`,
  `x-ratelimit-${kind}-requests`,
  `anthropic-ratelimit-requests-${kind}`,
];
const limitHeaders = /* @__PURE__ */ rateHeaders("limit");
const remainingHeaders = /* @__PURE__ */ rateHeaders("remaining");
const legacyResetHeaders = ["x-ratelimit-reset", "x-rate-limit-reset"];
/** An ISO 8601 time with its zone, or a date that starts with a weekday (HTTP-date, `Date.toString()`). */
const dateLike = /^\d{4}-\d\d-\d\dT.*(?:Z|[+-]\d\d:?\d\d)$|^[A-Z][a-z]{2},? [\dA-Z]/;

/** What a `RateLimit` header says (members left `undefined` when it does not say). */
interface RateWindow {
  limit?: number | undefined;
  remaining?: number | undefined;
  reset?: number | undefined;
}

/** One list member `"name";k=v;k=v` as its name and numeric parameters. */
const parseMember = (item: string): { name: string; params: Map<string, number> } => {
  const [head = "", ...rest] = item.split(";");
  const params = new Map<string, number>();
  for (const part of rest) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const n = count(part.slice(eq + 1).replace(/"/g, ""));
    if (n !== undefined) params.set(part.slice(0, eq).trim().toLowerCase(), n);
  }
  return { name: head.trim().replace(/^"|"$/g, ""), params };
};

/** The first 16 members of a structured-field list, split on commas outside quoted strings. */
const members = (value: string): ReturnType<typeof parseMember>[] =>
  (value.match(/(?:"[^"]*"?|[^,"])+/g) ?? [])
    .filter((item) => item.trim() !== "")
    .slice(0, 16)
    .map(parseMember);

/**
 * `RateLimit: "default";r=0;t=50, "daily";r=10;t=3600` (draft-ietf-httpapi-ratelimit-headers-07 and
 * later), with the quota `q` taken from `RateLimit-Policy` of the same name. Of several windows the
 * binding one wins: an exhausted window (the one that resets last), else the one with the fewest
 * requests left.
 */
const parseStructured = (value: string, policy: string | undefined): RateWindow => {
  let chosen: ReturnType<typeof parseMember> | undefined;
  for (const m of members(value)) {
    const r = m.params.get("r") ?? Infinity;
    const t = m.params.get("t");
    if (r === Infinity && t === undefined) continue;
    const best = chosen?.params.get("r") ?? Infinity;
    if (chosen === undefined || r < best || (r === best && (t ?? 0) > (chosen.params.get("t") ?? 0)))
      chosen = m;
  }
  const picked = chosen;
  if (picked === undefined) return {};
  const policies = policy !== undefined && policy.length <= 512 ? members(policy) : [];
  return {
    remaining: picked.params.get("r"),
    reset: picked.params.get("t"),
    limit: (policies.find((p) => p.name === picked.name) ?? policies[0])?.params.get("q"),
  };
};

/**
 * `RateLimit: limit=100, remaining=0, reset=50` (the combined form of the earlier drafts), or the
 * structured form of the later ones.
 */
const parseCombined = (value: string | undefined, policy: string | undefined): RateWindow => {
  const out: RateWindow = {};
  if (value === undefined || value.length > 512) return out;
  if (/;\s*[rt]\s*=/i.test(value)) return parseStructured(value, policy);
  for (const [, key, raw] of value.matchAll(/\b(limit|remaining|reset)\s*=\s*"?(\d+(?:\.\d+)?)/gi))
    out[(key as string).toLowerCase() as keyof RateWindow] = Number(raw);
  return out;
};

/**
 * Rate-limit state from the usual headers: IETF `RateLimit` / `RateLimit-*`, `X-RateLimit-*`,
 * `X-Rate-Limit-*`, OpenAI's `x-ratelimit-*-requests`, Anthropic's `anthropic-ratelimit-requests-*`
 * and Discord's `X-RateLimit-Reset-After`. Resets (deltas, epochs, ISO 8601 or HTTP dates) become
 * milliseconds from the response.
 *
 * Use it to show quota on successful responses too; errors carry it as `error.rateLimit`.
 *
 * @example
 * ```ts
 * import { parseRateLimit } from "@faultline/core";
 * parseRateLimit(new Headers({ "x-ratelimit-limit": "60", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "42" }));
 * // { limit: 60, remaining: 0, resetMs: 42000 }
 * ```
 * @since 0.1.0
 */
export const parseRateLimit = (
  headers: ReadonlyMap<string, string> | Headers,
  now: number = Date.now(),
): RateLimit | undefined => rateLimitFrom(headers instanceof Map ? headers : toHeaderMap(headers), () => now);

/**
 * Internal (decode): {@link parseRateLimit} of headers read into a map, with a local clock that is
 * read only when an epoch or date reset without a `Date` header needs it.
 */
export const rateLimitFrom = (map: HeaderReader, now: () => number): RateLimit | undefined => {
  // The response's clock, parsed only when an epoch or date reset needs it.
  let clock: number | undefined;
  const dateMs = (): number => (clock ??= responseNow(map, now));
  const combined = parseCombined(map.get("ratelimit"), map.get("ratelimit-policy"));
  const limit = combined.limit ?? first(map, limitHeaders);
  const remaining = combined.remaining ?? first(map, remainingHeaders);
  // Seconds from now: the RateLimit header, Discord's reset-after, IETF RateLimit-Reset.
  const delta =
    combined.reset ?? count(map.get("x-ratelimit-reset-after")) ?? count(map.get("ratelimit-reset"));
  const legacy = first(map, legacyResetHeaders);
  const duration = map.get("x-ratelimit-reset-requests");
  // A date: Anthropic's reset, or an `X-RateLimit-Reset` sent as one (Mastodon's ISO 8601 timestamp).
  const at =
    map.get("anthropic-ratelimit-requests-reset") ??
    map.get("x-ratelimit-reset") ??
    map.get("x-rate-limit-reset");
  const resetMs =
    delta !== undefined
      ? // A "delta" past 1e9 seconds can only be an epoch (Bluesky sends one in RateLimit-Reset).
        resetToMs(delta, delta > 1e9 ? dateMs() : 0)
      : legacy !== undefined
        ? resetToMs(legacy, legacy > 1e9 ? dateMs() : 0)
        : duration !== undefined
          ? parseDuration(duration)
          : at !== undefined && at.length < 64 && dateLike.test(at)
            ? untilDate(at, dateMs())
            : undefined;
  if (limit === undefined && remaining === undefined && resetMs === undefined) return undefined;
  const state: { limit?: number; remaining?: number; resetMs?: number } = {};
  if (limit !== undefined) state.limit = limit;
  if (remaining !== undefined) state.remaining = remaining;
  if (resetMs !== undefined) state.resetMs = resetMs;
  return state;
};
