/**
 * Error bodies that axios leaves unread (`responseType: "stream"` on Node or with the fetch adapter,
 * `"blob"`): read at most `max + 1` bytes (so core's `decode` sees the body was longer and marks the
 * snapshot truncated), then stop the rest. A deadline and an abort signal bound the read.
 */

/** A Node.js `Readable` as axios's http adapter hands it over (no import of `node:stream`). */
interface NodeReadable {
  on(event: string, listener: (...args: never[]) => void): unknown;
  off?(event: string, listener: (...args: never[]) => void): unknown;
  destroy(error?: Error): unknown;
  pipe: unknown;
}

const isNodeReadable = (u: unknown): u is NodeReadable =>
  typeof u === "object" &&
  u !== null &&
  typeof (u as NodeReadable).pipe === "function" &&
  typeof (u as NodeReadable).on === "function" &&
  typeof (u as NodeReadable).destroy === "function";

const isWebStream = (u: unknown): u is ReadableStream<Uint8Array> =>
  typeof u === "object" && u !== null && typeof (u as ReadableStream).getReader === "function";

const isBlob = (u: unknown): u is Blob =>
  typeof u === "object" &&
  u !== null &&
  typeof (u as Blob).arrayBuffer === "function" &&
  typeof (u as Blob).slice === "function" &&
  typeof (u as Blob).size === "number";

/** Whether `data` is a body axios did not read (a stream or a Blob). */
export const isUnreadBody = (data: unknown): boolean =>
  isNodeReadable(data) || isWebStream(data) || isBlob(data);

const encoder = new TextEncoder();

const toChunk = (chunk: unknown): Uint8Array =>
  chunk instanceof Uint8Array
    ? chunk
    : typeof chunk === "string"
      ? encoder.encode(chunk)
      : ArrayBuffer.isView(chunk)
        ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : chunk instanceof ArrayBuffer
          ? new Uint8Array(chunk)
          : new Uint8Array(0);

const concat = (chunks: readonly Uint8Array[], limit: number): Uint8Array => {
  const size = chunks.reduce((n, c) => n + c.byteLength, 0);
  const out = new Uint8Array(Math.min(size, limit));
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= out.byteLength) break;
    const part = chunk.subarray(0, out.byteLength - offset);
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
};

const readNode = (stream: NodeReadable, limit: number, timeoutMs: number, signal?: AbortSignal) =>
  new Promise<Uint8Array>((resolve) => {
    const state = stream as unknown as { destroyed?: boolean; readableEnded?: boolean };
    if (state.destroyed === true || state.readableEnded === true) {
      resolve(new Uint8Array(0));
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    const finish = (stop: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      stream.off?.("data", onData as never);
      if (stop) {
        try {
          stream.destroy();
        } catch {
          // Already destroyed.
        }
      }
      resolve(concat(chunks, limit));
    };
    const onData = (chunk: unknown) => {
      const bytes = toChunk(chunk);
      chunks.push(bytes);
      size += bytes.byteLength;
      if (size >= limit) finish(true);
    };
    const onAbort = () => finish(true);
    const timer = setTimeout(() => finish(true), timeoutMs);
    // An abort event is never sent again for a signal aborted already.
    if (signal?.aborted === true) {
      finish(true);
      return;
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    stream.on("data", onData as never);
    stream.on("end", (() => finish(false)) as never);
    stream.on("error", (() => finish(true)) as never);
    stream.on("close", (() => finish(false)) as never);
  });

const readWeb = async (
  stream: ReadableStream<Uint8Array>,
  limit: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Uint8Array> => {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = stream.getReader();
  } catch {
    return new Uint8Array(0);
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    reader.cancel().catch(() => {});
  };
  const timer = setTimeout(stop, timeoutMs);
  if (signal?.aborted === true) stop();
  else signal?.addEventListener("abort", stop, { once: true });
  try {
    while (size < limit && !stopped) {
      const { done, value } = await reader.read();
      if (done) break;
      const bytes = toChunk(value);
      chunks.push(bytes);
      size += bytes.byteLength;
    }
    if (size >= limit) stop();
  } catch {
    // Cancelled by the deadline or a reset: keep what arrived.
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", stop);
    try {
      reader.releaseLock();
    } catch {
      // Released already.
    }
  }
  return concat(chunks, limit);
};

/**
 * Reads an unread body (stream or Blob) into at most `maxBytes + 1` bytes. Resolves `undefined` for
 * anything else. Never rejects.
 */
export const readUnreadBody = async (
  data: unknown,
  maxBytes: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Uint8Array | undefined> => {
  const limit = Math.max(0, maxBytes) + 1;
  try {
    if (isNodeReadable(data)) return await readNode(data, limit, timeoutMs, signal);
    if (isWebStream(data)) return await readWeb(data, limit, timeoutMs, signal);
    if (isBlob(data)) return new Uint8Array(await data.slice(0, limit).arrayBuffer());
  } catch {
    return new Uint8Array(0);
  }
  return undefined;
};
