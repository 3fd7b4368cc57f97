import { type AnyCatalog, type ApiError, fromUnknown, isApiError } from "@faultline/core";

/** Our error for anything a query or mutation function threw (core's one conversion). */
export const toError = (thrown: unknown, catalog?: AnyCatalog): ApiError => {
  if (isApiError(thrown)) return thrown;
  return (catalog === undefined ? fromUnknown(thrown) : fromUnknown(thrown, { catalog })) as ApiError;
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
