// The README's retry-hook example, compiled by the type tests (never run).

import { faultlineRetryLink } from "@faultline/trpc/client";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { initTRPC } from "@trpc/server";

// Stands in for `import type { AppRouter } from "./server"` so this block compiles alone.
const t = initTRPC.create();
const appRouter = t.router({ feed: t.procedure.query(() => ["post"]) });
type AppRouter = typeof appRouter;

export const client = createTRPCClient<AppRouter>({
  links: [
    faultlineRetryLink({
      attempts: 4,
      beforeRetry: ({ op, attempt, error, delayMs }) =>
        console.warn(`${op.path}: attempt ${attempt} failed (${error._tag}); retrying in ${delayMs} ms`),
    }),
    httpBatchLink({ url: "http://localhost:3000" }),
  ],
});
