/** Reading an error body of any type into text and, when it is JSON, a parsed value. Never throws. */

export interface BodyInfo {
  /** The body as text (capped), when there is one. */
  readonly text: string | undefined;
  /** The parsed JSON value, when the body is JSON (or was handed over already parsed). */
  readonly json: unknown;
  readonly hasJson: boolean;
  /** `json` was parsed here from `text` (not handed over already parsed). */
  readonly parsed: boolean;
  /** The body looked like JSON but did not parse (truncated or malformed). */
  readonly malformedJson: boolean;
  readonly truncated: boolean;
}

/** The text of `bytes` in the content type's charset, or UTF-8 (the default) when it names none we know. */
const decodeBytes = (bytes: Uint8Array, contentType: string): string => {
  try {
    return new TextDecoder(/charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]).decode(bytes);
  } catch {
    // Unknown label.
    return new TextDecoder().decode(bytes);
  }
};

const toBytes = (body: unknown): Uint8Array | undefined => {
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  // Any view, a Uint8Array too (its bytes, not a copy).
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return undefined;
};

const stringifyCapped = (value: unknown, max: number): string | undefined => {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : text.length > max ? text.slice(0, max) : text;
  } catch {
    return undefined;
  }
};

/** A body's info; `json` is the parsed value when there is one (JSON never parses to `undefined`). */
const info = (
  text: string | undefined,
  truncated: boolean,
  json?: unknown,
  parsed = false,
  malformedJson = false,
): BodyInfo => ({ text, json, hasJson: json !== undefined, parsed, malformedJson, truncated });

/**
 * The code of the first character `trim` keeps, or -1 when the text is blank (`\s` is exactly the
 * white space and line terminators `trim` removes), without copying the text.
 */
const firstNonSpace = (text: string): number => {
  const c = text.charCodeAt(0);
  // Most bodies start with their first character (`{`, `[`, `<`, a letter).
  if (c > 32 && c < 127) return c;
  const i = text.search(/\S/);
  return i < 0 ? -1 : text.charCodeAt(i);
};

export const readBody = (
  body: unknown,
  contentType: string,
  maxBytes: number,
  truncatedByReader = false,
): BodyInfo => {
  let text: string | undefined;
  let truncated = truncatedByReader;
  if (body === undefined || body === null) {
    text = undefined;
  } else if (typeof body === "string") {
    truncated ||= body.length > maxBytes;
    text = truncated && body.length > maxBytes ? body.slice(0, maxBytes) : body;
  } else {
    const bytes = toBytes(body);
    if (bytes) {
      truncated ||= bytes.byteLength > maxBytes;
      text = decodeBytes(bytes.byteLength > maxBytes ? bytes.subarray(0, maxBytes) : bytes, contentType);
    } else {
      // Already parsed (axios `data`, a tRPC shape, a plain object from a test).
      return info(stringifyCapped(body, maxBytes), truncated, body);
    }
  }
  if (text === undefined) return info(text, truncated);
  // The first character that is not white space tells JSON apart without copying the text.
  const first = firstNonSpace(text);
  if (first < 0) return info(text, truncated);
  const looksJson = first === 123 || first === 91 || /[/+]json\b/i.test(contentType);
  if (!looksJson) return info(text, truncated);
  try {
    // A UTF-8 byte-order mark (.NET servers send one) is no part of the JSON.
    return info(text, truncated, JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), true);
  } catch {
    // Truncated, malformed, or too deep for the engine's parser (a RangeError): salvage later.
    return info(text, truncated, undefined, false, true);
  }
};

/**
 * Reads at most `maxBytes` of a `Response` body, then cancels the rest. A body that fails mid-way
 * (connection reset) keeps what arrived and reports the failure.
 */
export const readResponseBytes = async (
  response: Response,
  maxBytes: number,
): Promise<{ bytes: Uint8Array | undefined; truncated: boolean; error: unknown }> => {
  const stream = response.body;
  if (!stream || response.bodyUsed) return { bytes: undefined, truncated: false, error: undefined };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  let error: unknown;
  try {
    while (size <= maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value) {
        chunks.push(value);
        size += value.byteLength;
      }
    }
    if (size > maxBytes) {
      truncated = true;
      reader.cancel().catch(() => {});
    }
  } catch (cause) {
    truncated = true;
    error = cause;
  } finally {
    try {
      reader.releaseLock();
    } catch {
      // The lock may already be gone after a failed read.
    }
  }
  const bytes = new Uint8Array(Math.min(size, maxBytes));
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= bytes.byteLength) break;
    const part = chunk.subarray(0, bytes.byteLength - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { bytes, truncated, error };
};
