import { defineCatalog } from "@faultline/core";
import {
  faultlineQueryDefaults,
  onApiError,
  QueryApiErrorBoundary,
  throwOnErrorFor,
} from "@faultline/react-query";
import { faultlineRetryLink, fromTRPCClientError } from "@faultline/trpc/client";
import { QueryCache, QueryClient, useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { initTRPC } from "@trpc/server";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";

// Stands in for `import type { AppRouter } from "./server"` so this block compiles alone.
const t = initTRPC.create();
const appRouter = t.router({ stock: t.procedure.query(() => 3), price: t.procedure.query(() => 9.5) });
type AppRouter = typeof appRouter;
const shop = defineCatalog({ OUT_OF_STOCK: { status: 409, title: "Out of stock" } });

export const queryClient = new QueryClient({
  // tRPC's errors carry the core error: convert them with @faultline/trpc's converter.
  defaultOptions: faultlineQueryDefaults({ attempts: 4, catalog: shop, toError: fromTRPCClientError }),
  queryCache: new QueryCache({
    onError: onApiError({ toError: fromTRPCClientError, kinds: { Network: () => console.warn("offline") } }),
  }),
});
const client = createTRPCClient<AppRouter>({
  links: [faultlineRetryLink({ attempts: 1 }), httpBatchLink({ url: "/trpc" })], // React Query retries
});
const trpc = createTRPCOptionsProxy<AppRouter>({ client, queryClient });

const toBoundary = throwOnErrorFor({ codes: ["OUT_OF_STOCK"], catalog: shop, toError: fromTRPCClientError });
const Price = () => {
  const { data, error } = useQuery({ ...trpc.price.queryOptions(), throwOnError: toBoundary });
  return <p>{error ? fromTRPCClientError(error).message : data}</p>;
};
const Stock = () => <p>{useSuspenseQuery(trpc.stock.queryOptions()).data} left</p>;
export const Page = () => (
  <QueryApiErrorBoundary
    toError={fromTRPCClientError}
    catalog={shop}
    codes={{
      OUT_OF_STOCK: ({ reset }) => (
        <button type="button" onClick={reset}>
          Sold out: check again
        </button>
      ),
    }}
  >
    <Stock />
    <Price />
  </QueryApiErrorBoundary>
);
