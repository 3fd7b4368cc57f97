/**
 * The one table between tRPC's error codes and Faultline's kinds, with its reverse maps. Server and
 * client both read it; nothing else in this package compares statuses or tRPC codes.
 *
 * tRPC sends every 5xx under one JSON-RPC number (`-32603`), so the `rpc` column is only written
 * (for clients that read it), never read: the kind travels in `data.httpStatus` and `data.faultline`.
 */
import { type ApiError, type ApiErrorTag, tagForStatus } from "@faultline/core";

/**
 * tRPC v11 code -> HTTP status, Faultline kind, JSON-RPC number. Listed in the order the reverse
 * map prefers when two codes share a status (`BAD_REQUEST` before `PARSE_ERROR`).
 */
export const trpcCodeTable = {
  BAD_REQUEST: { status: 400, tag: "BadRequest", rpc: -32600 },
  PARSE_ERROR: { status: 400, tag: "BadRequest", rpc: -32700 },
  UNAUTHORIZED: { status: 401, tag: "Unauthorized", rpc: -32001 },
  PAYMENT_REQUIRED: { status: 402, tag: "ClientError", rpc: -32002 },
  FORBIDDEN: { status: 403, tag: "Forbidden", rpc: -32003 },
  NOT_FOUND: { status: 404, tag: "NotFound", rpc: -32004 },
  METHOD_NOT_SUPPORTED: { status: 405, tag: "ClientError", rpc: -32005 },
  TIMEOUT: { status: 408, tag: "ClientError", rpc: -32008 },
  CONFLICT: { status: 409, tag: "Conflict", rpc: -32009 },
  PRECONDITION_FAILED: { status: 412, tag: "ClientError", rpc: -32012 },
  PAYLOAD_TOO_LARGE: { status: 413, tag: "ClientError", rpc: -32013 },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, tag: "ClientError", rpc: -32015 },
  UNPROCESSABLE_CONTENT: { status: 422, tag: "UnprocessableEntity", rpc: -32022 },
  PRECONDITION_REQUIRED: { status: 428, tag: "ClientError", rpc: -32028 },
  TOO_MANY_REQUESTS: { status: 429, tag: "TooManyRequests", rpc: -32029 },
  CLIENT_CLOSED_REQUEST: { status: 499, tag: "ClientError", rpc: -32099 },
  INTERNAL_SERVER_ERROR: { status: 500, tag: "InternalServerError", rpc: -32603 },
  NOT_IMPLEMENTED: { status: 501, tag: "ServerError", rpc: -32603 },
  BAD_GATEWAY: { status: 502, tag: "BadGateway", rpc: -32603 },
  SERVICE_UNAVAILABLE: { status: 503, tag: "ServiceUnavailable", rpc: -32603 },
  GATEWAY_TIMEOUT: { status: 504, tag: "GatewayTimeout", rpc: -32603 },
} as const satisfies Readonly<
  Record<string, { readonly status: number; readonly tag: ApiErrorTag; readonly rpc: number }>
>;

/** A tRPC v11 error code (`TRPC_ERROR_CODE_KEY`), as this table knows it. */
export type TRPCCode = keyof typeof trpcCodeTable;

const codeByStatus: ReadonlyMap<number, TRPCCode> = (() => {
  const map = new Map<number, TRPCCode>();
  for (const [code, row] of Object.entries(trpcCodeTable) as Array<[TRPCCode, { status: number }]>) {
    if (!map.has(row.status)) map.set(row.status, code);
  }
  return map;
})();

/** Whether a string is one of tRPC's error codes (own keys only: `__proto__` is not). */
export const isTRPCCode = (u: unknown): u is TRPCCode =>
  typeof u === "string" && Object.hasOwn(trpcCodeTable, u);

/**
 * The tRPC code for an HTTP status: the exact one when tRPC has it, else `BAD_REQUEST` for other
 * 4xx and `INTERNAL_SERVER_ERROR` for other 5xx (the status itself still travels in `httpStatus`).
 */
export const trpcCodeForStatus = (status: number): TRPCCode =>
  codeByStatus.get(status) ?? (status >= 500 && status <= 599 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST");

/**
 * The status a response carries for a transport kind, which has no status of its own (0). The same
 * choices as core's `encode`: an upstream network failure or unreadable answer is a 502, an upstream
 * timeout a 504, a cancelled request a 499.
 */
const transportStatus = { Network: 502, Timeout: 504, Aborted: 499, Unexpected: 502 } as const;

/** The HTTP status an error is sent with: its own when it is 4xx/5xx, else its transport status. */
export const wireStatus = (error: ApiError): number =>
  error.status >= 400 && error.status <= 599
    ? error.status
    : ((transportStatus as Record<string, number>)[error._tag] ?? 500);

/** The kind for a tRPC code (through its status, so the table and core's status table agree). */
export const tagForTRPCCode = (code: TRPCCode): ApiErrorTag => trpcCodeTable[code].tag;

/** The HTTP kind core gives a status; used to check the table against core in tests. */
export const coreTagForStatus = (status: number): ApiErrorTag => tagForStatus(status);
