/** JSON helpers shared by the Promise and Effect clients: query strings, JSON bodies, JSON reads. */
import { UnexpectedError } from "@faultline/core";
import { toHeaders } from "./headers";

/** Query parameters: `undefined` and `null` values are skipped, arrays repeat the key. */
export type QueryInit = Readonly<
  Record<string, string | number | boolean | undefined | null | ReadonlyArray<string | number | boolean>>
>;

const isBodyInit = (body: unknown): body is BodyInit =>
  typeof body === "string" ||
  body instanceof ArrayBuffer ||
  ArrayBuffer.isView(body) ||
  (typeof Blob !== "undefined" && body instanceof Blob) ||
  (typeof FormData !== "undefined" && body instanceof FormData) ||
  (typeof URLSearchParams !== "undefined" && body instanceof URLSearchParams) ||
  (typeof ReadableStream !== "undefined" && body instanceof ReadableStream);

/** Appends `query` to a path. */
export const withQuery = (path: string, query: QueryInit | undefined): string => {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  if (text === "") return path;
  return `${path}${path.includes("?") ? "&" : "?"}${text}`;
};

const JSON_TYPE = /[/+]json\b/i;

/** Reads a successful response as JSON (text for other content types, `undefined` when empty). */
export const readJson = async (response: Response): Promise<unknown> => {
  if (response.status === 204 || response.status === 205) {
    await response.body?.cancel().catch(() => {});
    return undefined;
  }
  const text = await response.text();
  if (text === "") return undefined;
  const contentType = response.headers.get("content-type") ?? "";
  const trimmed = text.trimStart();
  if (!JSON_TYPE.test(contentType) && !trimmed.startsWith("{") && !trimmed.startsWith("[")) return text;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new UnexpectedError({
      status: response.status,
      message: `The response body of HTTP ${response.status} is not valid JSON (${text.length} characters)`,
      retryable: false,
      cause,
    });
  }
};

/** Request options of the JSON helpers (`query` aside) plus the method and body, as a fetch `RequestInit`. */
export const jsonInit = (
  method: string,
  body: unknown,
  options: Omit<RequestInit, "body" | "method">,
): RequestInit => {
  const headers = toHeaders(options.headers, "The request's headers");
  if (!headers.has("accept")) headers.set("accept", "application/json");
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    if (isBodyInit(body)) payload = body;
    else {
      payload = JSON.stringify(body);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
  }
  return { ...options, method, headers, ...(payload !== undefined ? { body: payload } : {}) };
};
