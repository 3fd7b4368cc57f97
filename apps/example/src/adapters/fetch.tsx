import { standardCatalog } from "@faultline/core";
import { createClient } from "@faultline/fetch";
import { Suspense, useState } from "react";
import { type DemoProps, Pending, Success } from "../Demo";
import { retryProgress } from "../retryProgress";

const api = createClient({
  baseUrl: "/api",
  catalog: standardCatalog,
  idempotencyKey: true,
  hooks: { beforeRetry: retryProgress.report },
});

export function FetchDemo({ call }: DemoProps) {
  const [response] = useState(() => api.request(call.method, call.path, call.body, { query: call.query }));
  return (
    <Suspense fallback={<Pending call={call} />}>
      <Success response={response} />
    </Suspense>
  );
}
