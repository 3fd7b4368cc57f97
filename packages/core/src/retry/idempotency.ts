/**
 * Idempotency: which requests may be sent again (RFC 9110's idempotent methods, and POST or PATCH
 * with an `Idempotency-Key`), and fresh keys for the requests a client wants retried safely.
 *
 * @since 0.1.0
 */
import { type HeadersLike, toHeaderMap } from "../internal/headers";

/**
 * Request headers in any common shape: a `Headers`, a plain record, or name/value pairs.
 *
 * Use it to hand the request's headers to the policy, which reads them for `Idempotency-Key`.
 *
 * @example
 * ```ts
 * import type { RetryHeaders } from "@faultline/core";
 * const headers: RetryHeaders = { "Idempotency-Key": "5f0c…" };
 * ```
 * @since 0.1.0
 */
export type RetryHeaders = HeadersLike;

/**
 * Methods retried by default: the ones HTTP defines as idempotent (RFC 9110 §9.2.2), less TRACE.
 *
 * Use it to extend the default list (`methods: [...defaultRetryMethods, "QUERY"]`) rather than
 * restating it.
 *
 * @example
 * ```ts
 * import { defaultRetryMethods } from "@faultline/core";
 * defaultRetryMethods.includes("PUT"); // true
 * ```
 * @since 0.1.0
 */
export const defaultRetryMethods: readonly string[] = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"];

const resolvedMethods = new WeakMap<readonly string[], ReadonlySet<string>>();
const defaultMethodSet: ReadonlySet<string> = /* @__PURE__ */ new Set(defaultRetryMethods);

export const methodSet = (methods: readonly string[] | undefined): ReadonlySet<string> => {
  if (methods === undefined) return defaultMethodSet;
  let set = resolvedMethods.get(methods);
  if (set === undefined) {
    set = new Set(methods.map((m) => m.toUpperCase()));
    resolvedMethods.set(methods, set);
  }
  return set;
};

export const hasIdempotencyKey = (headers: RetryHeaders | undefined): boolean => {
  if (headers === undefined) return false;
  const map = toHeaderMap(headers);
  const key = map.get("idempotency-key") ?? map.get("x-idempotency-key");
  return key !== undefined && key.trim() !== "";
};

export const isIdempotentIn = (
  methods: ReadonlySet<string>,
  method: string | undefined,
  hasKey: () => boolean,
): boolean => {
  const m = (method ?? "GET").toUpperCase();
  return methods.has(m) || ((m === "POST" || m === "PATCH") && hasKey());
};

/**
 * Whether a request may be sent again: GET, HEAD, OPTIONS, PUT and DELETE (or the methods you
 * list), and POST or PATCH when they carry an `Idempotency-Key` (or `X-Idempotency-Key`) header.
 * An unknown method counts as GET, as `fetch` does.
 *
 * Use it in an adapter that decides before sending whether a failure could be retried.
 *
 * @example
 * ```ts
 * import { isIdempotentRequest } from "@faultline/core";
 * isIdempotentRequest("GET"); // true
 * isIdempotentRequest("POST"); // false
 * isIdempotentRequest("POST", { "Idempotency-Key": "5f0c…" }); // true
 * ```
 * @since 0.1.0
 */
export function isIdempotentRequest(
  method: string | undefined,
  headers?: RetryHeaders,
  methods?: readonly string[],
): boolean {
  return isIdempotentIn(methodSet(methods), method, () => hasIdempotencyKey(headers));
}

/**
 * A fresh idempotency key (a random UUID v4), for a POST or PATCH the client wants retried safely:
 * send it as `Idempotency-Key` and the same request may be repeated without being applied twice.
 * Uses Web Crypto (`crypto.randomUUID`, else `crypto.getRandomValues`) on every runtime.
 *
 * @example
 * ```ts
 * import { createIdempotencyKey } from "@faultline/core";
 * await fetch("https://api.example.com/payments", {
 *   method: "POST",
 *   headers: { "Idempotency-Key": createIdempotencyKey() },
 *   body: JSON.stringify({ amount: 42 }),
 * });
 * ```
 * @since 0.1.0
 */
export function createIdempotencyKey(): string {
  const webCrypto = (globalThis as { crypto?: Partial<Crypto> }).crypto;
  if (typeof webCrypto?.randomUUID === "function") return webCrypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof webCrypto?.getRandomValues === "function") webCrypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0"))
    .join("")
    .replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
}
