import { type ApiError, standardCatalog } from "@faultline/core";
import { createClient } from "@faultline/fetch";
import { createQueryApiErrorBoundary, faultlineQueryDefaults } from "@faultline/react-query";
import { QueryClient, QueryClientProvider, useSuspenseQuery } from "@tanstack/react-query";
import { Suspense } from "react";
import { type DemoProps, Pending, SuccessData } from "../Demo";
import { fallbacks } from "../fallbacks";
import { retryProgress } from "../retryProgress";

declare module "@tanstack/react-query" {
  interface Register {
    defaultError: ApiError; // `error` is the Faultline union
  }
}

// One layer retries: React Query, so its `failureCount` is what the page shows.
const api = createClient({ baseUrl: "/api", catalog: standardCatalog, idempotencyKey: true, retry: false });
const queryClient = new QueryClient({ defaultOptions: faultlineQueryDefaults({ catalog: standardCatalog }) });
queryClient.getQueryCache().subscribe((event) => {
  if (event.type !== "updated" || event.action.type !== "failed") return;
  const { failureCount: attempt, error } = event.action;
  retryProgress.report({ attempt, error, delayMs: error.retryAfterMs });
});
const QueryApiErrorBoundary = createQueryApiErrorBoundary(standardCatalog);

function Call({ call }: DemoProps) {
  const { data } = useSuspenseQuery({
    queryKey: [call.method, call.path, call.query],
    queryFn: () => api.request(call.method, call.path, call.body, { query: call.query }),
  });
  return <SuccessData data={data} />;
}

export function ReactQueryDemo({ call }: DemoProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <QueryApiErrorBoundary {...fallbacks}>
        <Suspense fallback={<Pending call={call} />}>
          <Call call={call} />
        </Suspense>
      </QueryApiErrorBoundary>
    </QueryClientProvider>
  );
}
