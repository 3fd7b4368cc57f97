import {
  type ApiError,
  defineCatalog,
  type StandardCode,
  standardCatalog,
  type UnknownCode,
} from "@faultline/core";
import axios, { type AxiosInstance } from "axios";
import { describe, expectTypeOf, it } from "vitest";
import { type AxiosFaultlineError, fromAxiosError, withFaultline } from "../src/index";

const shop = defineCatalog(
  {
    OUT_OF_STOCK: { status: 409, title: "Out of stock" },
    CARD_DECLINED: { status: 402, title: "Card declined" },
  },
  { name: "shop" },
);

type ShopCode = AxiosFaultlineError<typeof shop>["code"];

/** What an app writes: one message per code of its catalog. */
const userMessage = (code: ShopCode): string =>
  code === "OUT_OF_STOCK" ? "Sold out" : code === "CARD_DECLINED" ? "Card declined" : "Try again";

describe("types", () => {
  it("withFaultline returns the instance's own type plus the guard", () => {
    const api = withFaultline(axios.create(), { catalog: shop });
    expectTypeOf(api).toMatchTypeOf<AxiosInstance>();
    expectTypeOf(api.get<{ id: number }>("/x")).toMatchTypeOf<Promise<{ data: { id: number } }>>();
  });

  it("the catalog types `code` on what the instance rejects with", async () => {
    const api = withFaultline(axios.create(), { catalog: shop });
    const describeError = (error: unknown): string => {
      if (!api.isFaultlineError(error)) return "unknown";
      expectTypeOf(error.code).toEqualTypeOf<"OUT_OF_STOCK" | "CARD_DECLINED" | UnknownCode | undefined>();
      return userMessage(error.code);
    };
    await api.get("/cart").catch(describeError);
    userMessage("CARD_DECLINED");
    // @ts-expect-error: not a code of the shop catalog
    userMessage("OUT_OF_STOKC");
  });

  it("fromAxiosError types `code` by the catalog, and is ApiError without one", () => {
    const onError = (thrown: unknown) => {
      const typed = fromAxiosError(thrown, { catalog: standardCatalog });
      expectTypeOf(typed.code).toEqualTypeOf<StandardCode | UnknownCode | undefined>();
      const plain = fromAxiosError(thrown);
      expectTypeOf(plain).toEqualTypeOf<ApiError>();
      // @ts-expect-error: without a catalog `code` is any string, not a shop code
      userMessage(plain.code);
      return userMessage(fromAxiosError(thrown, { catalog: shop }).code);
    };
    expectTypeOf(onError).returns.toEqualTypeOf<string>();
  });

  it("hooks see the catalog's error type", () => {
    withFaultline(axios.create(), {
      catalog: shop,
      hooks: {
        onError: (error) => {
          console.warn(userMessage(error.code));
        },
        beforeRequest: ({ headers, attempt }) => {
          headers.set("x-attempt", String(attempt));
        },
      },
    });
    // @ts-expect-error: retry takes a policy or false, not true
    withFaultline(axios.create(), { retry: true });
    // @ts-expect-error: the first argument must be an axios instance
    withFaultline({ get: () => null });
  });
});
