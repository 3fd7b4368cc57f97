// A user of @faultline/trpc: a real tRPC v11 server (standalone adapter, loopback) throws core errors,
// a real tRPC client receives them as the core union with kind, code, field and status intact, and
// nothing internal leaks from an unexpected throw. Type-checked under nodenext and bundler, then run.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { ConflictError, standardCatalog } from "@faultline/core";
import { faultlineRetryLink, fromTRPCClientError } from "@faultline/trpc/client";
import { faultlineErrorFormatter, faultlineMiddleware, faultlineResponseMeta } from "@faultline/trpc/server";
import { createTRPCClient, httpLink } from "@trpc/client";
import { initTRPC } from "@trpc/server";
import { createHTTPServer } from "@trpc/server/adapters/standalone";

const t = initTRPC.create({ errorFormatter: faultlineErrorFormatter });
const procedure = t.procedure.use(faultlineMiddleware);
const appRouter = t.router({
  hello: procedure.query((): string => "hi"),
  signup: procedure.mutation((): string => {
    throw new ConflictError({ code: "DUPLICATE_CANDIDATE", message: "Email taken", field: "email" });
  }),
  crash: procedure.query((): string => {
    throw new Error("connect postgres://app:hunter2@db:5432 failed");
  }),
});
type AppRouter = typeof appRouter;

const server = createHTTPServer({ router: appRouter, responseMeta: faultlineResponseMeta });
await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
const { port } = server.address() as AddressInfo;

try {
  const client = createTRPCClient<AppRouter>({
    links: [faultlineRetryLink({ attempts: 2 }), httpLink({ url: `http://127.0.0.1:${port}` })],
  });
  const greeting: string = await client.hello.query();
  assert.equal(greeting, "hi");

  const conflict = await client.signup.mutate().then(
    () => assert.fail("signup must reject"),
    (thrown: unknown) => fromTRPCClientError(thrown, { catalog: standardCatalog }),
  );
  if (conflict._tag !== "Conflict") assert.fail(`expected Conflict, got ${conflict._tag}`);
  assert.equal(conflict.status, 409);
  assert.equal(conflict.code, "DUPLICATE_CANDIDATE");
  assert.equal(conflict.field, "email");

  const crash = await client.crash.query().then(
    () => assert.fail("crash must reject"),
    (thrown: unknown) => fromTRPCClientError(thrown),
  );
  assert.equal(crash._tag, "InternalServerError");
  assert.doesNotMatch(JSON.stringify(crash), /hunter2|postgres/);
  console.log(`trpc ok: ${conflict._tag} ${conflict.code} ${conflict.field}; crash -> ${crash._tag}`);
} finally {
  server.close();
}

export const typeOnly = (): void => {
  // @ts-expect-error attempts is a number
  faultlineRetryLink({ attempts: "2" });
};
