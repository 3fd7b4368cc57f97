"use client";
import type { AnyCatalog } from "@faultline/core";
import {
  ApiErrorBoundary,
  type ApiErrorBoundaryProps,
  type CatalogBoundaryProps,
  createApiErrorBoundary,
  type ResetDetails,
} from "@faultline/react";
import { QueryErrorResetBoundary } from "@tanstack/react-query";
import type { ComponentType, ReactNode } from "react";

const withQueryReset = <TProps extends { readonly onReset?: ((details: ResetDetails) => void) | undefined }>(
  Boundary: ComponentType<TProps>,
): ((props: TProps) => ReactNode) => {
  const QueryBoundary = (props: TProps): ReactNode => (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <Boundary
          {...props}
          onReset={(details: ResetDetails) => {
            // Before the children render again: their failed queries fetch again on mount.
            reset();
            props.onReset?.(details);
          }}
        />
      )}
    </QueryErrorResetBoundary>
  );
  return QueryBoundary;
};

/**
 * `@faultline/react`'s `ApiErrorBoundary` (a fallback chosen by code, then kind, then `fallback`;
 * anything else goes up to the parent boundary) inside TanStack Query's `QueryErrorResetBoundary`:
 * the fallback's `reset()` (and a change of `resetKeys`) retries the queries that failed below it
 * instead of rendering the same error again. Use it around components whose queries throw
 * (`useSuspenseQuery`, or `throwOnError`, see `throwOnErrorFor`).
 *
 * @example
 * ```tsx
 * import { useSuspenseQuery } from "@tanstack/react-query";
 * import { QueryApiErrorBoundary } from "@faultline/react-query";
 *
 * const User = () => {
 *   const { data } = useSuspenseQuery({ queryKey: ["me"], queryFn: () => fetch("/me").then((r) => r.text()) });
 *   return <p>{data}</p>;
 * };
 * export const Page = () => (
 *   <QueryApiErrorBoundary
 *     codes={{ NOT_FOUND: () => <p>No such user</p> }}
 *     kinds={{ Network: ({ reset }) => <button onClick={reset}>Offline? Try again</button> }}
 *     fallback={({ error, reset }) => <button onClick={reset}>{error.message}: retry</button>}
 *   >
 *     <User />
 *   </QueryApiErrorBoundary>
 * );
 * ```
 * @since 0.1.0
 */
export const QueryApiErrorBoundary: (props: ApiErrorBoundaryProps) => ReactNode =
  withQueryReset<ApiErrorBoundaryProps>(ApiErrorBoundary);

/**
 * {@link QueryApiErrorBoundary} typed by your catalog: `codes` keys must be the catalog's codes and
 * each fallback gets the error of that code (typed `details`). Create it once, next to the catalog.
 *
 * @example
 * ```tsx
 * import { defineCatalog } from "@faultline/core";
 * import { createQueryApiErrorBoundary } from "@faultline/react-query";
 * import type { ReactNode } from "react";
 *
 * const shop = defineCatalog({ OUT_OF_STOCK: { status: 409, title: "Out of stock" } });
 * export const ShopBoundary = createQueryApiErrorBoundary(shop);
 * export const Cart = ({ children }: { children: ReactNode }) => (
 *   <ShopBoundary codes={{ OUT_OF_STOCK: ({ reset }) => <button onClick={reset}>Reload</button> }}>
 *     {children}
 *   </ShopBoundary>
 * );
 * ```
 * @since 0.1.0
 */
export const createQueryApiErrorBoundary = <const TCatalog extends AnyCatalog>(
  catalog: TCatalog,
): ((props: CatalogBoundaryProps<TCatalog>) => ReactNode) =>
  withQueryReset<CatalogBoundaryProps<TCatalog>>(createApiErrorBoundary(catalog).ApiErrorBoundary);
