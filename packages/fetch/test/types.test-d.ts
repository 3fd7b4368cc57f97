import { type ApiError, type StandardCode, standardCatalog, type UnknownCode } from "@faultline/core";
import type * as Effect from "effect/Effect";
import { describe, expectTypeOf, it } from "vitest";
import { createEffectClient } from "../src/effect";
import { createClient, createFetch, type FetchError } from "../src/index";

describe("types", () => {
  it("createFetch has fetch's signature", () => {
    const api = createFetch();
    expectTypeOf(api).toMatchTypeOf<(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>>();
    const takesFetch = (f: typeof fetch) => f;
    // Assignable where a library wants `typeof fetch` (minus Node's `preconnect` extra).
    takesFetch(Object.assign(api, { preconnect: () => {} }));
  });

  it("the client's errors are typed by the catalog", () => {
    const client = createClient({ catalog: standardCatalog });
    const e: unknown = null;
    if (client.isError(e)) expectTypeOf(e.code).toEqualTypeOf<StandardCode | UnknownCode | undefined>();
    expectTypeOf<FetchError>().toEqualTypeOf<ApiError>();
    expectTypeOf(client.get<{ id: number }>("/x")).toEqualTypeOf<Promise<{ id: number }>>();
  });

  it("the Effect client fails with FetchError of the catalog", () => {
    const client = createEffectClient({ catalog: standardCatalog });
    expectTypeOf(client.get<{ id: number }>("/x")).toEqualTypeOf<
      Effect.Effect<{ id: number }, FetchError<typeof standardCatalog>>
    >();
  });
});
