/**
 * A hook that sends errors raised outside rendering (event handlers, effects, promises) to the
 * nearest boundary.
 *
 * @since 0.1.0
 */
import { useCallback, useContext, useMemo, useState } from "react";
import { BoundaryContext } from "./internal/context";
import type { ApiErrorBoundaryApi } from "./options";

/**
 * Error boundaries only catch errors thrown while rendering. `showBoundary(error)` makes this
 * component throw `error` on its next render, so the nearest boundary handles it exactly as if it
 * had been thrown there: matched by code or kind, or passed up. `resetBoundary()` resets the
 * nearest boundary (from a component rendered inside a fallback).
 *
 * @example
 * ```tsx
 * import { useApiErrorBoundary } from "@faultline/react";
 * declare const save: () => Promise<void>;
 * export const SaveButton = () => {
 *   const { showBoundary } = useApiErrorBoundary();
 *   return <button onClick={() => save().catch(showBoundary)}>Save</button>;
 * };
 * ```
 * @since 0.1.0
 */
export const useApiErrorBoundary = (): ApiErrorBoundaryApi => {
  const boundary = useContext(BoundaryContext);
  const [thrown, setThrown] = useState<{ readonly value: unknown } | null>(null);
  const showBoundary = useCallback((error: unknown) => setThrown({ value: error }), []);
  const resetBoundary = useCallback(() => boundary?.reset(), [boundary]);
  const api = useMemo(() => ({ showBoundary, resetBoundary }), [showBoundary, resetBoundary]);
  if (thrown !== null) throw thrown.value;
  return api;
};
