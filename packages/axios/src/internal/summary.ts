/**
 * A redacted stand-in for an AxiosError (or anything else thrown) to keep as an error's `cause`:
 * name, code, status and a redacted message, with the same for up to three nested causes. Never the
 * config, its headers, the request or the response.
 */
import { redactText } from "@faultline/core";

const MAX_MESSAGE = 500;

const read = (u: unknown, key: string): unknown => {
  try {
    return typeof u === "object" && u !== null ? (u as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
};

/** The summary's class: an `Error`, so loggers and `toJSON` show its name and message. */
export class ThrownSummary extends Error {
  readonly code: string | undefined;
  readonly status: number | undefined;
  constructor(
    name: string,
    message: string,
    code: string | undefined,
    status: number | undefined,
    cause: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = name;
    this.code = code;
    this.status = status;
    // The stack would show this module's frames only; keep the first line honest.
    this.stack = `${name}: ${message}`;
  }
}

/** Summarizes a thrown value; `depth` bounds the nested causes kept. */
export const summarize = (thrown: unknown, depth = 3): ThrownSummary => {
  if (thrown instanceof ThrownSummary) return thrown;
  const rawName = read(thrown, "name");
  const rawMessage = read(thrown, "message");
  const rawCode = read(thrown, "code");
  const rawStatus = read(thrown, "status");
  const name =
    typeof rawName === "string" && rawName !== ""
      ? rawName.slice(0, 100)
      : thrown === null
        ? "null"
        : typeof thrown;
  let message: string;
  if (typeof rawMessage === "string") message = rawMessage;
  else if (typeof thrown === "string") message = thrown;
  else message = "";
  message = redactText(message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) : message);
  const code =
    typeof rawCode === "string"
      ? rawCode.slice(0, 100)
      : typeof rawCode === "number"
        ? String(rawCode)
        : undefined;
  const status = typeof rawStatus === "number" && Number.isFinite(rawStatus) ? rawStatus : undefined;
  const inner = depth > 0 ? read(thrown, "cause") : undefined;
  return new ThrownSummary(
    name,
    message,
    code,
    status,
    inner === undefined || inner === null ? undefined : summarize(inner, depth - 1),
  );
};
