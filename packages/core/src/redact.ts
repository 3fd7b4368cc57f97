/**
 * Redaction: secrets never leave in an error. Applied to messages, snapshots (headers, URL, body),
 * details, `toJSON` and `String(err)`.
 *
 * @since 0.1.0
 */

/**
 * The text that replaces a secret.
 *
 * @example
 * ```ts
 * import { REDACTED, redactText } from "@faultline/core";
 * redactText("key sk_live_abc123") === `key ${REDACTED}`; // true
 * ```
 * @since 0.1.0
 */
export const REDACTED = "[REDACTED]";

const sensitiveHeaders = new Set([
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "x-rp-api-key",
  "api-key",
  "x-auth-token",
  "x-access-token",
  "x-csrf-token",
  "x-xsrf-token",
  "cookie",
  "set-cookie",
  "x-amz-security-token",
  "x-goog-api-key",
  "ocp-apim-subscription-key",
]);

/**
 * Whether a header carries credentials and must be redacted (`Authorization`, `X-API-Key`,
 * `X-RP-API-Key`, `Cookie`, `Set-Cookie`, and similar). Case-insensitive.
 *
 * @example
 * ```ts
 * import { isSensitiveHeader } from "@faultline/core";
 * isSensitiveHeader("X-RP-API-Key"); // true
 * ```
 * @since 0.1.0
 */
export const isSensitiveHeader = (name: string): boolean => {
  const lower = name.toLowerCase();
  return (
    sensitiveHeaders.has(lower) || /(?:^|[-_])(?:api[-_]?key|secret|token|password|signature)$/.test(lower)
  );
};

// Key-shaped strings. Each alternative is anchored on a fixed prefix and uses bounded character
// classes, so the scan stays linear on hostile input.
const secretPattern = new RegExp(
  [
    String.raw`\b(?:rp_app|rp_live|rp_test)_[A-Za-z0-9_\-]{4,}`,
    String.raw`\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9_\-]{4,}`,
    String.raw`\bsk-(?:proj-|ant-|live-)?[A-Za-z0-9_\-]{16,}`,
    String.raw`\bwhsec_[A-Za-z0-9+/=_\-]{8,}`,
    String.raw`\bgh[pousr]_[A-Za-z0-9]{20,}`,
    String.raw`\bgithub_pat_[A-Za-z0-9_]{20,}`,
    String.raw`\bxox[abprs]-[A-Za-z0-9\-]{10,}`,
    String.raw`\bAKIA[0-9A-Z]{16}\b`,
    String.raw`\bAIza[0-9A-Za-z_\-]{30,}`,
    String.raw`\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*`,
    String.raw`\b(?:Bearer|Basic|Token|Bot)\s+[A-Za-z0-9._~+/=\-]{8,}`,
  ].join("|"),
  "g",
);

// `"password": "..."`, `api_key=...`: values of secret-named keys in JSON, query strings and forms.
const secretKeyValue =
  /(["']?)\b((?:[A-Za-z0-9]{1,32}[-_]){0,4}(?:password|passwd|secret|token|api[-_]?key|apikey|authorization|cookie|credentials?|private[-_]?key|client[-_]?secret|access[-_]?key)\1\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s&,;"'}\]]+)/gi;

/**
 * Replaces secrets in a piece of text: API keys of the common shapes (`rp_app_...`, `sk_live_...`,
 * `pk_live_...`, `sk-...`, GitHub and Slack tokens, AWS key ids, JWTs), bearer/basic credentials,
 * and the values of secret-named keys (`"password": "..."`, `api_key=...`).
 *
 * @example
 * ```ts
 * import { redactText } from "@faultline/core";
 * redactText("Bearer abcdefghijklmnop failed"); // "[REDACTED] failed"
 * redactText('{"password":"hunter22"}'); // '{"password":"[REDACTED]"}'
 * ```
 * @since 0.1.0
 */
export const redactText = (text: string): string =>
  text
    .replace(secretPattern, REDACTED)
    .replace(secretKeyValue, (_match, _quote: string, key: string, value: string) =>
      value.startsWith('"') ? `${key}"${REDACTED}"` : `${key}${REDACTED}`,
    );

const secretKeyName =
  /^(?:(?:[A-Za-z0-9]+[-_])*(?:password|passwd|secret|token|api[-_]?key|apikey|authorization|cookie|credentials?|private[-_]?key|client[-_]?secret|access[-_]?key))$/i;

/** Limits on the structured redaction walk, so hostile nesting costs bounded work. */
const MAX_DEPTH = 16;
const MAX_NODES = 2_000;

/**
 * Returns a redacted copy of a JSON-like value: secret-named keys get `[REDACTED]`, strings are passed
 * through {@link redactText}. Nesting deeper than 16 levels or more than 2,000 nodes is cut and
 * marked `"[Truncated]"`. Keys such as `__proto__` are copied as plain own properties, never as
 * prototypes.
 *
 * @example
 * ```ts
 * import { redactValue } from "@faultline/core";
 * redactValue({ user: "ann", token: "abc" }); // { user: "ann", token: "[REDACTED]" }
 * ```
 * @since 0.1.0
 */
export const redactValue = (value: unknown): unknown => {
  let budget = MAX_NODES;
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return redactText(v);
    if (v === null || typeof v !== "object")
      return typeof v === "function" || typeof v === "symbol" ? undefined : v;
    if (depth >= MAX_DEPTH || --budget <= 0) return "[Truncated]";
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      let item: unknown;
      try {
        item = (v as Record<string, unknown>)[key];
      } catch {
        item = "[Unreadable]";
      }
      Object.defineProperty(out, key, {
        value:
          secretKeyName.test(key) && item != null && typeof item !== "object"
            ? REDACTED
            : walk(item, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return walk(value, 0);
};

/**
 * Returns a redacted copy of headers as a plain record with lower-case names: sensitive headers get
 * `[REDACTED]`, other values pass through {@link redactText}.
 *
 * @example
 * ```ts
 * import { redactHeaders } from "@faultline/core";
 * redactHeaders({ Authorization: "Bearer x", "X-Request-Id": "r1" });
 * // { authorization: "[REDACTED]", "x-request-id": "r1" }
 * ```
 * @since 0.1.0
 */
export const redactHeaders = (
  headers: Iterable<readonly [string, string]> | Record<string, string>,
): Record<string, string> => {
  const out: Record<string, string> = {};
  const entries = Symbol.iterator in headers ? headers : Object.entries(headers);
  for (const [name, value] of entries as Iterable<readonly [string, string]>) {
    const lower = String(name).toLowerCase();
    Object.defineProperty(out, lower, {
      value: isSensitiveHeader(lower) ? REDACTED : redactText(String(value)),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
};

/**
 * Redacts credentials in a URL: user info and the values of secret-named query parameters.
 *
 * @example
 * ```ts
 * import { redactUrl } from "@faultline/core";
 * redactUrl("https://u:p@api.test/x?api_key=abc&page=2"); // "https://[REDACTED]@api.test/x?api_key=[REDACTED]&page=2"
 * ```
 * @since 0.1.0
 */
export const redactUrl = (url: string): string =>
  redactText(url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, `$1${REDACTED}@`));
