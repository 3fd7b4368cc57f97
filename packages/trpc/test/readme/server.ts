// The README's server example, compiled by the type tests (never run).
import { ConflictError } from "@faultline/core";
import { initTRPC } from "@trpc/server";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { faultlineErrorFormatter, faultlineMiddleware, faultlineResponseMeta } from "../../src/server";

const t = initTRPC.create({ errorFormatter: faultlineErrorFormatter });
const procedure = t.procedure.use(faultlineMiddleware);
export const appRouter = t.router({
  signup: procedure.mutation((): string => {
    throw new ConflictError({ code: "DUPLICATE_CANDIDATE", field: "email" });
  }),
});
export type AppRouter = typeof appRouter;
export const start = () =>
  createHTTPServer({ router: appRouter, responseMeta: faultlineResponseMeta }).listen(3000);
