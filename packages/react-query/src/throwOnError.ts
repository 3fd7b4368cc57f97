import type { AnyCatalog, ApiError, ApiErrorTag, CodeOf } from "@faultline/core";
import type { DefaultError } from "@tanstack/react-query";
import { toError } from "./internal/toError";
import type { ErrorConverter } from "./options";

/**
 * What {@link throwOnErrorFor} sends to the boundary: codes (typed by the catalog when you give
 * one), kinds (`_tag`: `NotFound`, `Network`, ...) and an optional predicate for the rest.
 *
 * @example
 * ```ts
 * import type { ThrowOnErrorSelection } from "@faultline/react-query";
 * const selection: ThrowOnErrorSelection = { codes: ["NOT_FOUND"], kinds: ["Unauthorized", "InternalServerError"] };
 * ```
 * @since 0.1.0
 */
export interface ThrowOnErrorSelection<TCode extends string = string> {
  /** Codes (as the API sent them) that go to the boundary. */
  readonly codes?: readonly TCode[] | undefined;
  /** Kinds that go to the boundary. Non-API values count as the kind `fromUnknown` gives them. */
  readonly kinds?: readonly ApiErrorTag[] | undefined;
  /** Further errors to send to the boundary. */
  readonly when?: ((error: ApiError) => boolean) | undefined;
  /** Converts thrown values that are not our errors with this catalog. */
  readonly catalog?: AnyCatalog | undefined;
  /** Converts thrown values that are not our errors (default: core's `fromUnknown`; tRPC: `fromTRPCClientError`). */
  readonly toError?: ErrorConverter | undefined;
}

/**
 * A `throwOnError` option (for `useQuery`, `useMutation`, `useInfiniteQuery` or the client's
 * defaults) that sends only the codes and kinds you name to the nearest error boundary and keeps
 * every other error as query state (`error`, `isError`). Its parameter is TanStack's `DefaultError`
 * (the Faultline union once `Register` says so), so it does not widen the query's error type. The function also works as a plain
 * predicate `(error) => boolean`, which is how you apply the same selection to
 * `useSuspenseQuery`: it throws when there is no data yet, but keeps the error of a failed
 * **refetch** as state next to the stale data; throw it yourself when the selection says so:
 * `if (error && toBoundary(error)) throw error;`. With `toError` (tRPC: `fromTRPCClientError`) the
 * function takes any error type (`unknown`), as `@trpc/tanstack-react-query` types errors as
 * `TRPCClientErrorLike`.
 *
 * @example
 * ```tsx
 * import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
 * import { throwOnErrorFor } from "@faultline/react-query";
 *
 * const toBoundary = throwOnErrorFor({ codes: ["NOT_FOUND"], kinds: ["Unauthorized", "Network"] });
 * const load = () => fetch("/users/1").then((r) => r.json() as Promise<{ name: string }>);
 *
 * export const User = () => {
 *   const { data, error } = useQuery({ queryKey: ["user"], queryFn: load, throwOnError: toBoundary });
 *   return <p>{error ? `Could not load: ${error.message}` : data?.name}</p>;
 * };
 * export const SuspenseUser = () => {
 *   const { data, error } = useSuspenseQuery({ queryKey: ["user"], queryFn: load });
 *   if (error && toBoundary(error)) throw error; // a refetch failed: same rule as the first load
 *   return <p>{data.name}</p>;
 * };
 * ```
 * @since 0.1.0
 */
export function throwOnErrorFor<const TCatalog extends AnyCatalog | undefined = undefined>(
  selection: ThrowOnErrorSelection<TCatalog extends AnyCatalog ? CodeOf<TCatalog> : string> & {
    readonly catalog?: TCatalog;
    readonly toError: ErrorConverter;
  },
): (error: unknown, query?: unknown) => boolean;
export function throwOnErrorFor<const TCatalog extends AnyCatalog | undefined = undefined>(
  selection: ThrowOnErrorSelection<TCatalog extends AnyCatalog ? CodeOf<TCatalog> : string> & {
    readonly catalog?: TCatalog;
  },
): (error: DefaultError, query?: unknown) => boolean;
export function throwOnErrorFor<const TCatalog extends AnyCatalog | undefined = undefined>(
  selection: ThrowOnErrorSelection<TCatalog extends AnyCatalog ? CodeOf<TCatalog> : string> & {
    readonly catalog?: TCatalog;
  },
): (error: DefaultError, query?: unknown) => boolean {
  const codes: ReadonlySet<string> = new Set(selection.codes ?? []);
  const kinds: ReadonlySet<string> = new Set(selection.kinds ?? []);
  const { when, catalog, toError: convert } = selection;
  return (thrown: unknown) => {
    try {
      const error = toError(thrown, catalog, convert);
      if (error.code !== undefined && codes.has(error.code)) return true;
      if (kinds.has(error._tag)) return true;
      return when !== undefined && when(error) === true;
    } catch {
      return false;
    }
  };
}
