// The README's client example, compiled by the type tests (never run).
import { createIdempotencyKey, standardCatalog } from "@faultline/core";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import {
  faultlineFetch,
  faultlineRetryLink,
  fromTRPCClientError,
  idempotencyKeyHeaders,
} from "../../src/client";
import type { AppRouter } from "./server";

const client = createTRPCClient<AppRouter>({
  links: [
    faultlineRetryLink({ attempts: 4 }),
    httpBatchLink({ url: "http://localhost:3000", headers: idempotencyKeyHeaders, fetch: faultlineFetch() }),
  ],
});
export const run = async () => {
  try {
    await client.signup.mutate(undefined, { context: { idempotencyKey: createIdempotencyKey() } });
  } catch (thrown) {
    const err = fromTRPCClientError(thrown, { catalog: standardCatalog });
    if (err._tag === "Conflict") console.log(err.code, err.field); // "DUPLICATE_CANDIDATE" "email"
  }
};
