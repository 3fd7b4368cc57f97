import { isApiErrorJSON, reviveError } from "@faultline/core";

const ERROR_FIELDS = ["error", "fetchFailureReason", "failureReason"] as const;

const reviveState = (state: unknown): unknown => {
  if (typeof state !== "object" || state === null) return state;
  const record = state as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const field of ERROR_FIELDS) {
    const value = record[field];
    if (isApiErrorJSON(value)) {
      copy ??= { ...record };
      copy[field] = reviveError(value);
    }
  }
  return copy ?? state;
};

const reviveEntries = (entries: unknown): unknown => {
  if (!Array.isArray(entries)) return entries;
  let changed = false;
  const out = entries.map((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return entry;
    const state = (entry as { state?: unknown }).state;
    const revived = reviveState(state);
    if (revived === state) return entry;
    changed = true;
    return { ...(entry as object), state: revived };
  });
  return changed ? out : entries;
};

/**
 * Turns the errors of a dehydrated `QueryClient` state back into Faultline errors after it
 * travelled as JSON (server rendering, then `hydrate` or `<HydrationBoundary>`): every query's and
 * mutation's `state.error` (and the `fetchFailureReason` / `failureReason` next to it) that is an
 * error's JSON (`error.toJSON()`) becomes the error again, with its kind, code and fields. Everything
 * else is left as it is (untouched entries keep their identity); the input is never mutated, and
 * odd input (not an object, no arrays) comes back unchanged instead of throwing.
 *
 * Note that `dehydrate` keeps only successful queries unless `shouldDehydrateQuery` says otherwise.
 *
 * @example
 * ```ts
 * import { dehydrate, hydrate, QueryClient } from "@tanstack/react-query";
 * import { reviveDehydratedState } from "@faultline/react-query";
 *
 * const server = new QueryClient();
 * const html = JSON.stringify(dehydrate(server, { shouldDehydrateQuery: () => true }));
 * // ...on the client:
 * const client = new QueryClient();
 * hydrate(client, reviveDehydratedState(JSON.parse(html)));
 * ```
 * @since 0.1.0
 */
export function reviveDehydratedState<TState>(state: TState): TState {
  try {
    if (typeof state !== "object" || state === null) return state;
    const record = state as Record<string, unknown>;
    const queries = reviveEntries(record.queries);
    const mutations = reviveEntries(record.mutations);
    if (queries === record.queries && mutations === record.mutations) return state;
    return { ...record, queries, mutations } as TState;
  } catch {
    return state;
  }
}
