import type { AnyCatalog } from "@faultline/core";
import { toError } from "./internal/toError";
import type { ErrorConverter } from "./options";

/**
 * Wraps a query or mutation function so that whatever it throws reaches TanStack Query as a
 * Faultline error (through core's `fromUnknown`: network failures, aborts, timeouts, axios-style
 * responses, errors' JSON; anything else becomes `Unexpected` with the value as `cause`). This is
 * what makes the `Register` line true for functions that do not use `@faultline/fetch`.
 *
 * @example
 * ```ts
 * import { useQuery } from "@tanstack/react-query";
 * import { toApiErrors } from "@faultline/react-query";
 * export const useTodos = () =>
 *   useQuery({ queryKey: ["todos"], queryFn: toApiErrors(() => fetch("/todos").then((r) => r.json())) });
 * ```
 * @since 0.1.0
 */
export function toApiErrors<TArgs extends readonly unknown[], TResult>(
  fn: (...args: TArgs) => TResult | Promise<TResult>,
  options?: { readonly catalog?: AnyCatalog | undefined; readonly toError?: ErrorConverter | undefined },
): (...args: TArgs) => Promise<TResult> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (thrown) {
      throw toError(thrown, options?.catalog, options?.toError);
    }
  };
}
