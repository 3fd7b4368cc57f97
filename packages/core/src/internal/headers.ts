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

const MAX_HEADERS = 1_000;

/** What reads headers by lower-case name: a `Map`, or decode's `ReadHeaders`. */
export interface HeaderReader {
  get(name: string): string | undefined;
  has(name: string): boolean;
  keys(): Iterable<string>;
}

/**
 * The few headers decode reads (a handful of a response's), with their values as sent: two lists
 * searched in order, which for so few names costs less than building a `Map`.
 */
export class ReadHeaders implements HeaderReader {
  private readonly names: string[] = [];
  private readonly values: string[] = [];
  /** Adds a header whose name is not in the list yet (names come from a record or a map). */
  add(name: string, value: string): void {
    this.names.push(name);
    this.values.push(value);
  }
  get(name: string): string | undefined {
    const names = this.names;
    for (let i = 0; i < names.length; i++) if (names[i] === name) return this.values[i];
    return undefined;
  }
  has(name: string): boolean {
    return this.names.includes(name);
  }
  keys(): Iterable<string> {
    return this.names;
  }
}

/**
 * `name.toLowerCase()`, without a copy when the name is lower-case already (as most are: HTTP/2,
 * `Headers` and Node's `IncomingMessage` give lower-case names). A copy would also have to be hashed
 * again by every map it is looked up in.
 */
export const lowerName = (name: string): string => {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c >= 128) return name.toLowerCase();
  }
  return name;
};

const add = (out: Map<string, string>, name: unknown, value: unknown): void => {
  if (typeof name !== "string" || value === undefined || value === null) return;
  const text =
    typeof value === "string" ? value : Array.isArray(value) ? value.map(String).join(", ") : String(value);
  const key = lowerName(name);
  const prev = out.get(key);
  out.set(key, prev === undefined ? text : `${prev}, ${text}`);
};

/**
 * Normalizes any header input into a map with lower-case names. Never throws: unreadable entries
 * are skipped. Repeated names are joined with ", " as `Headers` does.
 */
export const toHeaderMap = (input: unknown): Map<string, string> => {
  const out = new Map<string, string>();
  try {
    if (input === null || input === undefined || typeof input !== "object") return out;
    if (typeof (input as Headers).forEach === "function" && typeof (input as Headers).get === "function") {
      (input as Headers).forEach((value, name) => {
        add(out, name, value);
      });
    } else if (Array.isArray(input)) {
      const n = Math.min(input.length, MAX_HEADERS);
      for (let i = 0; i < n; i++) {
        const pair: unknown = input[i];
        if (Array.isArray(pair)) add(out, pair[0], pair[1]);
      }
    } else {
      const names = Object.keys(input);
      const n = Math.min(names.length, MAX_HEADERS);
      // A record's names are distinct, so while every name is lower-case already, none can repeat.
      let distinct = true;
      for (let i = 0; i < n; i++) {
        const name = names[i] as string;
        const value = (input as Record<string, unknown>)[name];
        const key = lowerName(name);
        if (distinct && key === name && typeof value === "string") out.set(key, value);
        else {
          distinct = false;
          add(out, name, value);
        }
      }
    }
  } catch {
    // A hostile Headers-like object: keep what was read.
  }
  return out;
};
