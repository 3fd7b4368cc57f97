/**
 * Server side: any error a procedure produced (a core error, a native `TRPCError`, an input
 * parser's failure, anything else thrown) as a core error that is safe to send.
 *
 * @since 0.1.0
 */
import { type ApiError, isApiError, makeError } from "@faultline/core";
import type { TRPCError } from "@trpc/server";
import { isTRPCCode, tagForTRPCCode, trpcCodeTable } from "./internal/codes";

const MAX_ISSUES = 20;
const MAX_DEPTH = 4;

/** The first core error in a cause chain (a middleware may have wrapped it). */
const findApiError = (u: unknown): ApiError | undefined => {
  let current: unknown = u;
  for (let depth = 0; depth < MAX_DEPTH && typeof current === "object" && current !== null; depth++) {
    if (isApiError(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
};

interface Issue {
  readonly path: readonly string[];
  readonly message: string;
  readonly code?: string;
}

const segment = (part: unknown): string | undefined => {
  const key =
    typeof part === "object" && part !== null && "key" in part ? (part as { key: unknown }).key : part;
  if (typeof key === "string") return key;
  if (typeof key === "number") return String(key);
  if (typeof key === "symbol") return key.description ?? "";
  return undefined;
};

/**
 * The issues of an input parser's failure: zod's `ZodError`, Standard Schema's `issues` (tRPC's
 * `StandardSchemaV1Error`), valibot and arktype errors that carry an `issues` list.
 */
const validationIssues = (cause: unknown): Issue[] | undefined => {
  const issues =
    typeof cause === "object" && cause !== null ? (cause as { issues?: unknown }).issues : undefined;
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  const out: Issue[] = [];
  for (const raw of issues.slice(0, MAX_ISSUES)) {
    if (typeof raw !== "object" || raw === null) continue;
    const { path, message, code } = raw as { path?: unknown; message?: unknown; code?: unknown };
    const parts = Array.isArray(path) ? path.map(segment).filter((p): p is string => p !== undefined) : [];
    out.push({
      path: parts,
      message: typeof message === "string" ? message : "Invalid value",
      ...(typeof code === "string" ? { code } : {}),
    });
  }
  return out.length > 0 ? out : undefined;
};

/**
 * Converts what tRPC reports for a failed call into a core error, safe to send:
 * - a core error thrown in the procedure (found in the `TRPCError`'s cause chain) is kept as is;
 * - an input parser's failure (tRPC's `BAD_REQUEST` whose cause has `issues`, as zod and every
 *   Standard Schema library give) becomes a `BadRequest` with code `VALIDATION_ERROR`, `field` set
 *   to the first issue's path joined with `"."`, and `details.issues` (path, message, code);
 * - a native `TRPCError` becomes the kind its code maps to, with the tRPC code as `code` and its
 *   message (below 500, and only a message it was given: one tRPC took from its cause is
 *   replaced by the status title);
 * - anything else (tRPC wraps it in an `INTERNAL_SERVER_ERROR`) becomes an `InternalServerError`
 *   whose message is the status title: the thrown value stays only in `cause`, for your logs.
 *
 * Messages of 5xx errors are replaced by the public message when the error is sent (see
 * `faultlineErrorFormatter`), never here, so server logs keep the real one.
 *
 * @example
 * ```ts
 * import { TRPCError } from "@trpc/server";
 * import { fromTRPCError } from "@faultline/trpc/server";
 * const err = fromTRPCError(new TRPCError({ code: "NOT_FOUND", message: "No such post" }));
 * err._tag; // "NotFound"
 * err.code; // "NOT_FOUND"
 * ```
 * @since 0.1.0
 */
export const fromTRPCError = (error: TRPCError | unknown): ApiError => {
  const found = findApiError(error);
  if (found !== undefined) return found;
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  const cause =
    typeof error === "object" && error !== null ? (error as { cause?: unknown }).cause : undefined;
  if (!isTRPCCode(code) || (error as { name?: unknown }).name !== "TRPCError") {
    return makeError("InternalServerError", { code: "INTERNAL_SERVER_ERROR", cause: error });
  }
  if (code === "BAD_REQUEST") {
    const issues = validationIssues(cause);
    if (issues !== undefined) {
      const first = issues[0] as Issue;
      return makeError("BadRequest", {
        code: "VALIDATION_ERROR",
        message: first.message,
        field: first.path.length > 0 ? first.path.join(".") : undefined,
        details: { issues: issues.map((i) => ({ ...i, path: i.path.join(".") })) },
        cause: error,
      });
    }
  }
  const row = trpcCodeTable[code];
  const message = (error as { message?: unknown }).message;
  // tRPC takes the cause's message when none is given: that text is internal, never sent.
  const ownMessage =
    typeof message === "string" && !(cause instanceof Error && cause.message === message) && message !== code;
  return makeError(tagForTRPCCode(code), {
    status: row.status,
    code: code as string,
    message: row.status < 500 && ownMessage ? message : undefined,
    cause: error,
  }) as ApiError;
};
