/**
 * Boundaries typed by a catalog: `codes` keyed by the catalog's codes, each fallback receiving that
 * code's error type with typed `details`, and an exhaustive form that requires every code.
 *
 * @since 0.1.0
 */
import type { AnyCatalog } from "@faultline/core";
import type { ComponentType, ReactNode } from "react";
import { ApiErrorBoundary } from "./ApiErrorBoundary";
import type {
  ApiErrorBoundaryApi,
  ApiErrorBoundaryProps,
  CatalogBoundaryProps,
  ExhaustiveBoundaryProps,
} from "./options";
import { useApiErrorBoundary } from "./useApiErrorBoundary";

/**
 * What {@link createApiErrorBoundary} returns.
 *
 * @example
 * ```ts
 * import type { CatalogBoundaries } from "@faultline/react";
 * import type { standardCatalog } from "@faultline/core";
 * type Standard = CatalogBoundaries<typeof standardCatalog>;
 * ```
 * @since 0.1.0
 */
export interface CatalogBoundaries<TCatalog extends AnyCatalog> {
  /** The catalog the boundaries were made for. */
  readonly catalog: TCatalog;
  /** {@link ApiErrorBoundary} with `codes` keyed by the catalog's codes; unmatched errors go up. */
  readonly ApiErrorBoundary: ComponentType<CatalogBoundaryProps<TCatalog>>;
  /** Requires a fallback for every code plus `unknown`; only non-API errors go up. */
  readonly ExhaustiveApiErrorBoundary: (props: ExhaustiveBoundaryProps<TCatalog>) => ReactNode;
  /** {@link useApiErrorBoundary}, for symmetry with the components. */
  readonly useApiErrorBoundary: () => ApiErrorBoundaryApi;
}

/**
 * Makes boundaries whose `codes` are checked against a catalog: a key that is not one of its codes
 * does not compile, and each fallback receives its code's error type with typed `details`.
 * `ExhaustiveApiErrorBoundary` additionally requires a fallback for every code and an `unknown`
 * fallback for the rest, so adding a code to the catalog fails compilation until the UI handles it.
 *
 * The components behave exactly like {@link ApiErrorBoundary} (code, then kind, then fallback; the
 * rest goes to the parent boundary). Create them once, next to the catalog, and export them.
 *
 * @example
 * ```tsx
 * import { defineCatalog, details } from "@faultline/core";
 * import type { ReactNode } from "react";
 * import { createApiErrorBoundary } from "@faultline/react";
 * const shop = defineCatalog({
 *   OUT_OF_STOCK: { status: 409, title: "Out of stock" },
 *   INSUFFICIENT_BALANCE: { status: 402, title: "Insufficient balance", details: details({ required: "string" }) },
 * });
 * export const { ApiErrorBoundary: ShopBoundary, ExhaustiveApiErrorBoundary } = createApiErrorBoundary(shop);
 * export const Checkout = ({ children }: { children: ReactNode }) => (
 *   <ExhaustiveApiErrorBoundary
 *     codes={{
 *       OUT_OF_STOCK: ({ reset }) => <button onClick={reset}>Pick another item</button>,
 *       INSUFFICIENT_BALANCE: ({ error }) => <p>You need {error.details?.required}.</p>,
 *     }}
 *     unknown={({ error }) => <p role="alert">{error.message}</p>}
 *   >
 *     {children}
 *   </ExhaustiveApiErrorBoundary>
 * );
 * ```
 * @since 0.1.0
 */
export const createApiErrorBoundary = <const TCatalog extends AnyCatalog>(
  catalog: TCatalog,
): CatalogBoundaries<TCatalog> => {
  const Boundary = ApiErrorBoundary as unknown as ComponentType<CatalogBoundaryProps<TCatalog>>;
  // biome-ignore lint/correctness/noComponentHookFactories: made once per catalog, at module level, not per render
  const ExhaustiveApiErrorBoundary = ({ unknown, ...rest }: ExhaustiveBoundaryProps<TCatalog>): ReactNode => {
    const props = { ...rest, fallback: unknown } as unknown as ApiErrorBoundaryProps;
    return <ApiErrorBoundary {...props} />;
  };
  return { catalog, ApiErrorBoundary: Boundary, ExhaustiveApiErrorBoundary, useApiErrorBoundary };
};
