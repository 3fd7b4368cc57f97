import { type ApiError, fromUnknown, standardCatalog } from "@faultline/core";
import { fromTRPCClientError } from "@faultline/trpc/client";
import { describe, expectTypeOf, it } from "vitest";
import { type ErrorConverter, faultlineQueryDefaults, onApiError, throwOnErrorFor } from "../src/index";

describe("toError", () => {
  it("takes fromTRPCClientError and core's fromUnknown as they are", () => {
    faultlineQueryDefaults({ toError: fromTRPCClientError, catalog: standardCatalog });
    faultlineQueryDefaults({ toError: fromUnknown });
    throwOnErrorFor({ codes: ["NOT_FOUND"], catalog: standardCatalog, toError: fromTRPCClientError });
    onApiError({ toError: fromTRPCClientError, fallback: (error) => console.warn(error.code) });
    const mine: ErrorConverter = (thrown, { catalog }) => fromUnknown(thrown, { catalog });
    expectTypeOf(mine).returns.toEqualTypeOf<ApiError>();
    // tRPC types query errors as TRPCClientErrorLike: with a converter, any error type is accepted
    expectTypeOf(throwOnErrorFor({ kinds: ["Forbidden"], toError: fromTRPCClientError }))
      .parameter(0)
      .toBeUnknown();
  });

  it("rejects a converter that does not return a Faultline error", () => {
    // @ts-expect-error a converter returns an ApiError, not a string
    faultlineQueryDefaults({ toError: (thrown: unknown) => String(thrown) });
    // @ts-expect-error nor an arbitrary Error
    throwOnErrorFor({ kinds: ["Network"], toError: (thrown: unknown) => new Error(String(thrown)) });
  });
});
