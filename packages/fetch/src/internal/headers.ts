/**
 * Building `Headers` from user input without leaking it: the runtime's `TypeError` for a value it
 * rejects (CR, LF, NUL, a character above U+00FF) quotes the value, which may be a credential. Every
 * header the engine sets goes through here and fails with a typed `Unexpected` error that names
 * where the header came from, and the header's name when the name itself is valid, never the value.
 */
import { UnexpectedError } from "@faultline/core";

/** Header input in every shape `new Headers(...)` takes, on the DOM lib and on Node's alike. */
export type HeadersLike = NonNullable<ConstructorParameters<typeof Headers>[0]>;

const validName = (name: string): boolean => {
  try {
    new Headers([[name, ""]]);
    return true;
  } catch {
    return false;
  }
};

/** The typed error for a header the runtime refused: the value is never quoted, nor kept as cause. */
export const invalidHeader = (where: string, name: string | undefined): UnexpectedError => {
  const badName = name !== undefined && !validName(name);
  const which = badName
    ? "a header name"
    : name === undefined
      ? "a header"
      : `header "${name.toLowerCase()}"`;
  const what = badName
    ? "is not a valid header name"
    : "has a value the runtime rejects (CR, LF, NUL or a character outside Latin-1)";
  return new UnexpectedError({
    message: `${where}: ${which} ${what}; the request was not sent`,
    retryable: false,
    cause: new TypeError("Invalid header (the value is withheld)"),
  });
};

const entriesOf = (source: HeadersLike): Iterable<readonly [string, string]> => {
  if (source instanceof Headers) return source;
  if (Array.isArray(source)) return source as ReadonlyArray<readonly [string, string]>;
  const iterable = source as unknown as Partial<Iterable<readonly [string, string]>>;
  if (typeof iterable[Symbol.iterator] === "function") return iterable as Iterable<readonly [string, string]>;
  const out: Array<readonly [string, string]> = [];
  for (const name in source as Record<string, string>) {
    const value = (source as Record<string, string | undefined>)[name];
    if (value !== undefined) out.push([name, value]);
  }
  return out;
};

/** Sets every header of `source` on `target` (the last of repeated names wins); a refused one throws {@link invalidHeader}. */
export const setAll = (target: Headers, source: HeadersLike | undefined, where: string): void => {
  if (source === undefined) return;
  for (const pair of entriesOf(source)) {
    const name = pair[0];
    try {
      target.set(name, pair[1]);
    } catch {
      throw invalidHeader(where, typeof name === "string" ? name : undefined);
    }
  }
};

/** `new Headers(source)`, failing with {@link invalidHeader} instead of the runtime's message. */
export const toHeaders = (source: HeadersLike | undefined, where: string): Headers => {
  try {
    return new Headers(source);
  } catch {
    const headers = new Headers();
    setAll(headers, source, where);
    // The pairs were valid one by one (a malformed pair list, say): report without a name.
    throw invalidHeader(where, undefined);
  }
};

/**
 * The `Headers` handed to the `beforeRequest` hook: `set` and `append` fail with
 * {@link invalidHeader} rather than a `TypeError` that quotes the value.
 */
export class HookHeaders extends Headers {
  override set(name: string, value: string): void {
    hookSets(name, () => super.set(name, value));
  }
  override append(name: string, value: string): void {
    hookSets(name, () => super.append(name, value));
  }
}

/** Runs the hook's `set` or `append`, failing with {@link invalidHeader} instead of the runtime's message. */
const hookSets = (name: string, run: () => void): void => {
  try {
    run();
  } catch {
    throw invalidHeader("The beforeRequest hook", name);
  }
};
