/**
 * Structured, redacted error reports for logging and monitoring, and React 19's root error options
 * (`onCaughtError`, `onUncaughtError`, `onRecoverableError`) built on them.
 *
 * @since 0.1.0
 */
import { type ApiErrorTag, redactText } from "@faultline/core";
import { toApiError } from "./internal/toApiError";

/**
 * Where an error was seen: caught by a boundary, not caught by any, recovered by React (a hydration
 * mismatch, a server-rendered Suspense boundary that failed and was rendered again on the client),
 * or reported by a server renderer (`renderToReadableStream`'s `onError`).
 *
 * @example
 * ```ts
 * import type { ErrorPhase } from "@faultline/react";
 * const loud = (phase: ErrorPhase) => phase === "uncaught";
 * ```
 * @since 0.1.0
 */
export type ErrorPhase = "caught" | "uncaught" | "recoverable" | "server";

/**
 * A structured record of an error, safe to log: kind, code, status, request id and a redacted
 * message, plus the component stack. No cause, body, headers or details: they may hold secrets or
 * personal data.
 *
 * @example
 * ```ts
 * import type { ErrorReport } from "@faultline/react";
 * const line = (r: ErrorReport) => `${r.phase} ${r.kind ?? r.name} ${r.code ?? "-"} ${r.status ?? "-"} ${r.requestId ?? "-"}`;
 * ```
 * @since 0.1.0
 */
export interface ErrorReport {
  readonly phase: ErrorPhase;
  /** Whether the error is an API error (then `kind`, `status` and `retryable` are set). */
  readonly apiError: boolean;
  /** The API error's kind (`_tag`). */
  readonly kind: ApiErrorTag | undefined;
  /** The API error's code, as the API sent it. */
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean | undefined;
  /** The error's name (`"NotFound"`, `"TypeError"`, ...). */
  readonly name: string;
  /** The message with secrets redacted (core's `redactText`), at most 2,000 characters. */
  readonly message: string;
  /** React's component stack, when React gave one. */
  readonly componentStack: string | undefined;
}

/**
 * What React passes with an error to the root options and boundaries.
 *
 * @example
 * ```ts
 * import type { ReactErrorInfo } from "@faultline/react";
 * const info: ReactErrorInfo = { componentStack: "\n    at Profile" };
 * ```
 * @since 0.1.0
 */
export interface ReactErrorInfo {
  readonly componentStack?: string | null | undefined;
}

const MAX_MESSAGE = 2_000;

const clip = (text: string): string => {
  const redacted = redactText(text);
  return redacted.length > MAX_MESSAGE ? `${redacted.slice(0, MAX_MESSAGE)}…` : redacted;
};

/** The API error inside what React reports: the error itself, or the `cause` React wraps it in. */
const findApiError = (thrown: unknown) => {
  const direct = toApiError(thrown);
  if (direct !== undefined) return direct;
  if (typeof thrown === "object" && thrown !== null && "cause" in thrown) {
    return toApiError((thrown as { cause?: unknown }).cause);
  }
  return undefined;
};

const describe = (thrown: unknown): { name: string; message: string } => {
  if (thrown instanceof Error) return { name: thrown.name, message: thrown.message };
  if (typeof thrown === "object" && thrown !== null) {
    const o = thrown as { name?: unknown; message?: unknown };
    if (typeof o.message === "string")
      return { name: typeof o.name === "string" ? o.name : "Object", message: o.message };
    return { name: "Object", message: "Non-error object thrown" };
  }
  return { name: typeof thrown, message: String(thrown) };
};

/**
 * Turns anything thrown into an {@link ErrorReport}: API errors (of any copy of core, or serialized)
 * by kind and code, anything else by name; the message redacted. Also unwraps the `cause` React
 * gives recoverable errors.
 *
 * Use it in a server renderer's `onError`, in a boundary's `onError`, or in your own logging.
 *
 * @example
 * ```ts
 * import { NotFoundError } from "@faultline/core";
 * import { toErrorReport } from "@faultline/react";
 * const report = toErrorReport(new NotFoundError({ code: "NOT_FOUND", requestId: "req_1" }), "server");
 * report.code; // "NOT_FOUND"
 * ```
 * @since 0.1.0
 */
export const toErrorReport = (thrown: unknown, phase: ErrorPhase, info?: ReactErrorInfo): ErrorReport => {
  const componentStack = typeof info?.componentStack === "string" ? info.componentStack : undefined;
  const error = findApiError(thrown);
  if (error !== undefined) {
    return {
      phase,
      apiError: true,
      kind: error._tag,
      code: error.code,
      status: error.status,
      requestId: error.requestId,
      retryable: error.retryable,
      name: error._tag,
      message: clip(error.message),
      componentStack,
    };
  }
  const { name, message } = describe(thrown);
  return {
    phase,
    apiError: false,
    kind: undefined,
    code: undefined,
    status: undefined,
    requestId: undefined,
    retryable: undefined,
    name: clip(name).slice(0, 200),
    message: clip(message),
    componentStack,
  };
};

/**
 * Options of {@link reportRootErrors}.
 *
 * @example
 * ```ts
 * import type { ReportRootErrorsOptions } from "@faultline/react";
 * const options: ReportRootErrorsOptions = { report: (r) => console.error(r.kind, r.code, r.message) };
 * ```
 * @since 0.1.0
 */
export interface ReportRootErrorsOptions {
  /** Receives one record per error React reports. Exceptions it throws are swallowed. */
  readonly report: (report: ErrorReport) => void;
  /**
   * Which phases to report; default all three. (React's default console logging is replaced by
   * these options, so keep `"uncaught"` unless you log it elsewhere.)
   */
  readonly phases?: ReadonlyArray<"caught" | "uncaught" | "recoverable"> | undefined;
}

/**
 * The three error options of React 19's `createRoot` / `hydrateRoot`.
 *
 * @example
 * ```ts
 * import type { RootErrorOptions } from "@faultline/react";
 * const none: RootErrorOptions = { onCaughtError() {}, onUncaughtError() {}, onRecoverableError() {} };
 * ```
 * @since 0.1.0
 */
export interface RootErrorOptions {
  readonly onCaughtError: (error: unknown, errorInfo: ReactErrorInfo) => void;
  readonly onUncaughtError: (error: unknown, errorInfo: ReactErrorInfo) => void;
  readonly onRecoverableError: (error: unknown, errorInfo: ReactErrorInfo) => void;
}

/**
 * React 19 root options that report every error by kind and code, redacted, with the component
 * stack: spread the result into `createRoot(container, options)` or `hydrateRoot`.
 *
 * @example
 * ```tsx
 * import { createRoot } from "react-dom/client";
 * import type { ReactNode } from "react";
 * import { reportRootErrors } from "@faultline/react";
 * declare const App: () => ReactNode;
 * const root = createRoot(document.getElementById("root")!, {
 *   ...reportRootErrors({ report: (r) => console.error(JSON.stringify(r)) }),
 * });
 * root.render(<App />);
 * ```
 * @since 0.1.0
 */
export const reportRootErrors = (options: ReportRootErrorsOptions): RootErrorOptions => {
  const phases = new Set(options.phases ?? ["caught", "uncaught", "recoverable"]);
  const handler =
    (phase: "caught" | "uncaught" | "recoverable") =>
    (error: unknown, errorInfo: ReactErrorInfo): void => {
      if (!phases.has(phase)) return;
      try {
        options.report(toErrorReport(error, phase, errorInfo));
      } catch {
        // A failing reporter must not take the app down with it.
      }
    };
  return {
    onCaughtError: handler("caught"),
    onUncaughtError: handler("uncaught"),
    onRecoverableError: handler("recoverable"),
  };
};
