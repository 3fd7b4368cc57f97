import { type AnyCatalog, type ApiError, fromUnknown, isApiError } from "@faultline/core";
import type { ErrorConverter } from "../options";

const byCore = (thrown: unknown, catalog: AnyCatalog | undefined): ApiError =>
  (catalog === undefined ? fromUnknown(thrown) : fromUnknown(thrown, { catalog })) as ApiError;

/**
 * Our error for anything a query or mutation function threw: our errors as they are, anything else
 * through `convert` (e.g. `fromTRPCClientError`) when given, else core's `fromUnknown`. A converter
 * that throws or returns something that is not our error falls back to `fromUnknown`.
 */
export const toError = (thrown: unknown, catalog?: AnyCatalog, convert?: ErrorConverter): ApiError => {
  if (isApiError(thrown)) return thrown;
  if (convert !== undefined) {
    try {
      const converted: unknown = convert(thrown, catalog === undefined ? {} : { catalog });
      if (isApiError(converted)) return converted;
    } catch {
      // A failing converter must not break retries or boundaries: core's conversion decides.
    }
  }
  return byCore(thrown, catalog);
};

/** The redacted request snapshot of core v2 (`error.request`), read defensively. */
export interface RequestFacts {
  readonly method: string | undefined;
  readonly idempotencyKey: boolean;
}

export const requestOf = (error: ApiError): RequestFacts | undefined => {
  try {
    if (!("request" in error)) return undefined;
    const request = (error as { readonly request?: unknown }).request;
    if (typeof request !== "object" || request === null) return undefined;
    const { method, idempotencyKey } = request as { method?: unknown; idempotencyKey?: unknown };
    return {
      method: typeof method === "string" && method.trim() !== "" ? method.toUpperCase() : undefined,
      idempotencyKey: idempotencyKey === true,
    };
  } catch {
    return undefined;
  }
};
