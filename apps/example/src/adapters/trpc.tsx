import { createIdempotencyKey, standardCatalog } from "@faultline/core";
import { faultlineRetryLink, fromTRPCClientError, idempotencyKeyHeaders } from "@faultline/trpc/client";
import { createTRPCClient, httpLink, loggerLink } from "@trpc/client";
import { Suspense, useState } from "react";
import type { AppRouter } from "../../server/trpc";
import { type DemoProps, Pending, Success } from "../Demo";
import { retryProgress } from "../retryProgress";
import type { ApiCall } from "../scenarios";

const trpc = createTRPCClient<AppRouter>({
  links: [
    faultlineRetryLink(),
    // Sees every attempt on its way back to the retry link: feeds the retry view.
    loggerLink({
      logger: (op) => {
        if (op.direction !== "down" || !(op.result instanceof Error)) return;
        const error = fromTRPCClientError(op.result, { catalog: standardCatalog });
        const attempt = (retryProgress.get()?.attempt ?? 0) + 1;
        if (error.retryable) retryProgress.report({ attempt, error, delayMs: error.retryAfterMs });
      },
    }),
    httpLink({ url: "/trpc", headers: idempotencyKeyHeaders }),
  ],
});

/** The example's REST-shaped call as a tRPC call: `GET /jobs?...` is `trpc.jobs.get.query(...)`. */
const send = ({ method, path, query, body }: ApiCall) => {
  const resource = trpc[path.split("/")[1] as keyof typeof trpc & "jobs"];
  const times = query.times === undefined ? undefined : Number(query.times);
  const input = { path, fail: query.fail, run: query.run, times, body };
  if (method === "GET") return resource.get.query(input);
  const context = { idempotencyKey: createIdempotencyKey() };
  return resource[method === "POST" ? "post" : "delete"].mutate(input, { context });
};

export function TRPCDemo({ call }: DemoProps) {
  const [response] = useState(() =>
    send(call).catch((error: unknown) => {
      throw fromTRPCClientError(error, { catalog: standardCatalog });
    }),
  );
  return (
    <Suspense fallback={<Pending call={call} />}>
      <Success response={response} />
    </Suspense>
  );
}
