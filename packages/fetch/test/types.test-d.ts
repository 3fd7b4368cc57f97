import { type ApiError, type StandardCode, standardCatalog, type UnknownCode } from "@faultline/core";
import type * as Effect from "effect/Effect";
import { describe, expectTypeOf, it } from "vitest";
import { createEffectClient } from "../src/effect";
import { createClient, createFetch, type FetchError, type FetchHeaders, type FetchInput } from "../src/index";

describe("types", () => {
  it("createFetch has fetch's signature", () => {
    const api = createFetch();
    expectTypeOf(api).toMatchTypeOf<(input: RequestInfo | URL, init?: RequestInit) => Promise<Response>>();
    const takesFetch = (f: typeof fetch) => f;
    // Assignable where a library wants `typeof fetch` (minus Node's `preconnect` extra).
    takesFetch(Object.assign(api, { preconnect: () => {} }));
  });

  it("FetchInput and FetchHeaders are the DOM's RequestInfo | URL and HeadersInit; anything else is refused", () => {
    expectTypeOf<FetchInput>().toEqualTypeOf<RequestInfo | URL>();
    expectTypeOf<FetchHeaders>().toEqualTypeOf<HeadersInit>();
    const api = createFetch({ headers: [["x-trace-id", "t1"]] });
    const call = (id: number) => api(`/users/${id}`);
    expectTypeOf(call(1)).toEqualTypeOf<Promise<Response>>();
    // @ts-expect-error a number is not a request input
    api(12345);
    // @ts-expect-error header values are strings
    createFetch({ headers: { "x-count": 1 } });
    // @ts-expect-error refresh returns headers or nothing
    createFetch({ auth: { refresh: async () => 42 } });
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
