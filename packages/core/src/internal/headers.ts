/**
 * Headers in any common shape: a `Headers`, a plain record, or name/value pairs. Our own type, so
 * the published declarations need no DOM lib.
 *
 * @example
 * ```ts
 * import type { HeadersLike } from "@faultline/core";
 * const headers: HeadersLike = { "retry-after": "3" };
 * ```
 * @since 0.1.0
 */
export type HeadersLike =
  | Headers
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | ReadonlyArray<readonly [string, string]>;

/**
 * Normalizes any header input into a map with lower-case names. Never throws: unreadable entries
 * are skipped. Repeated names are joined with ", " as `Headers` does.
 */
export const toHeaderMap = (input: unknown): Map<string, string> => {
  const out = new Map<string, string>();
  const add = (name: unknown, value: unknown) => {
    if (typeof name !== "string" || value === undefined || value === null) return;
    const text = Array.isArray(value) ? value.map(String).join(", ") : String(value);
    const key = name.toLowerCase();
    const prev = out.get(key);
    out.set(key, prev === undefined ? text : `${prev}, ${text}`);
  };
  try {
    if (input === null || input === undefined || typeof input !== "object") return out;
    if (typeof (input as Headers).forEach === "function" && typeof (input as Headers).get === "function") {
      (input as Headers).forEach((value, name) => {
        add(name, value);
      });
    } else if (Array.isArray(input)) {
      for (const pair of input.slice(0, 1_000)) if (Array.isArray(pair)) add(pair[0], pair[1]);
    } else {
      for (const name of Object.keys(input).slice(0, 1_000))
        add(name, (input as Record<string, unknown>)[name]);
    }
  } catch {
    // A hostile Headers-like object: keep what was read.
  }
  return out;
};
