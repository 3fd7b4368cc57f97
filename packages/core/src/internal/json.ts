/**
 * A JSON-safe copy of any value, so `JSON.stringify(err)`, `encode` and `toResponse` never throw:
 * BigInt becomes a string, functions and symbols are dropped, cycles and very deep nesting are cut,
 * and the copy is bounded in size.
 */
const MAX_DEPTH = 32;
const MAX_KEYS = 1_000;

export const toJsonSafe = (value: unknown): unknown => {
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "number") return Number.isFinite(v) ? v : null;
    if (typeof v === "bigint") return v.toString();
    // Strings and booleans as they are; undefined, functions and symbols are dropped.
    if (typeof v !== "object") return typeof v === "string" || typeof v === "boolean" ? v : undefined;
    if (v === null) return null;
    const o = v as object;
    if (seen.has(o)) return "[Circular]";
    if (depth >= MAX_DEPTH) return "[Truncated]";
    seen.add(o);
    try {
      if (o instanceof Date) return Number.isFinite(o.getTime()) ? o.toISOString() : null;
      // Holes and dropped items become null, as JSON.stringify writes them.
      if (Array.isArray(o)) return Array.from(o.slice(0, MAX_KEYS), (item) => walk(item, depth + 1) ?? null);
      const out: Record<string, unknown> = {};
      let n = 0;
      for (const key of Object.keys(o)) {
        if (n++ >= MAX_KEYS) break;
        const w = walk((o as Record<string, unknown>)[key], depth + 1);
        if (w !== undefined)
          Object.defineProperty(out, key, { value: w, enumerable: true, writable: true, configurable: true });
      }
      return out;
    } catch {
      return "[Unreadable]";
    } finally {
      seen.delete(o);
    }
  };
  return walk(value, 0);
};

/** A finite integer within [min, max], else undefined. */
export const boundedInt = (u: unknown, min: number, max: number): number | undefined =>
  typeof u === "number" && Number.isInteger(u) && u >= min && u <= max ? u : undefined;

/** A finite number within [0, max], else undefined. */
export const nonNegative = (u: unknown, max = Number.MAX_SAFE_INTEGER): number | undefined =>
  typeof u === "number" && Number.isFinite(u) && u >= 0 && u <= max ? u : undefined;

/** Cuts a string to `max` characters. */
export const clip = (s: string, max: number): string => (s.length > max ? s.slice(0, max) : s);
