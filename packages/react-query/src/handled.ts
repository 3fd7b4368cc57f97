const handled = new WeakSet<object>();

/**
 * Marks an error as already shown to the user (a component's toast, an inline message), so the
 * global handler made by {@link onApiError} skips it. Nothing is written onto the error: the mark
 * lives in a `WeakSet` and goes away with the error. Values that are not objects are ignored.
 * Returns the error, to chain.
 *
 * @example
 * ```ts
 * import { useMutation } from "@tanstack/react-query";
 * import { markHandled } from "@faultline/react-query";
 * export const useSave = () =>
 *   useMutation({
 *     mutationFn: (body: string) => fetch("/save", { method: "PUT", body }),
 *     onError: (error) => {
 *       console.warn(`Not saved: ${error.message}`); // the toast the user sees
 *       markHandled(error);
 *     },
 *   });
 * ```
 * @since 0.1.0
 */
export function markHandled<T>(error: T): T {
  if ((typeof error === "object" && error !== null) || typeof error === "function") handled.add(error);
  return error;
}

/**
 * Whether {@link markHandled} was called on this error.
 *
 * @example
 * ```ts
 * import { NotFoundError } from "@faultline/core";
 * import { isHandled, markHandled } from "@faultline/react-query";
 * const error = new NotFoundError({});
 * isHandled(error); // false
 * isHandled(markHandled(error)); // true
 * ```
 * @since 0.1.0
 */
export function isHandled(error: unknown): boolean {
  return ((typeof error === "object" && error !== null) || typeof error === "function") && handled.has(error);
}
