import { type ApiError, defineCatalog, standardCatalog } from "@faultline/core";
import {
  MutationCache,
  QueryCache,
  QueryClient,
  useMutation,
  useQuery,
  useSuspenseQuery,
} from "@tanstack/react-query";
import { describe, expectTypeOf, it } from "vitest";
import {
  createQueryApiErrorBoundary,
  type FaultlineRegister,
  faultlineQueryDefaults,
  onApiError,
  throwOnErrorFor,
} from "./index";

// The one documented line, as a user writes it.
declare module "@tanstack/react-query" {
  interface Register extends FaultlineRegister {}
}

const loadUser = async () => ({ name: "Ada" });

describe("Register", () => {
  it("types useQuery().error as the core union", () => {
    const { error } = useQuery({ queryKey: ["user"], queryFn: loadUser });
    expectTypeOf(error).toEqualTypeOf<ApiError | null>();
    if (error) {
      expectTypeOf(error.code).toEqualTypeOf<string | undefined>();
      expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | undefined>();
      if (error._tag === "TooManyRequests") expectTypeOf(error.status).toBeNumber();
      // @ts-expect-error not a property of API errors
      error.config;
    }
  });

  it("types useMutation().error and useSuspenseQuery().error", () => {
    const { error, mutate } = useMutation({ mutationFn: async (name: string) => name.length });
    expectTypeOf(error).toEqualTypeOf<ApiError | null>();
    // @ts-expect-error not a property of API errors
    error?.response.data;
    mutate("Ada");
    const suspense = useSuspenseQuery({ queryKey: ["me"], queryFn: loadUser });
    expectTypeOf(suspense.error).toEqualTypeOf<ApiError | null>();
    expectTypeOf(suspense.data).toEqualTypeOf<{ name: string }>();
  });

  it("types the caches' onError", () => {
    new QueryCache({
      onError: (error) => {
        expectTypeOf(error).toEqualTypeOf<ApiError>();
        // @ts-expect-error not a property of API errors
        error.isAxiosError;
      },
    });
  });
});

describe("helpers plug into TanStack's options", () => {
  it("accepts faultlineQueryDefaults as defaultOptions and onApiError on both caches", () => {
    const onError = onApiError({
      codes: { NOT_FOUND: (e) => console.log(e.status) },
      kinds: { TooManyRequests: (e) => console.log(e.retryAfterMs) },
      fallback: (e, { source }) => console.log(source.type, e.message),
    });
    const client = new QueryClient({
      defaultOptions: faultlineQueryDefaults({ attempts: 4, catalog: standardCatalog }),
      queryCache: new QueryCache({ onError }),
      mutationCache: new MutationCache({ onError }),
    });
    expectTypeOf(client).toEqualTypeOf<QueryClient>();
  });

  it("accepts throwOnErrorFor as throwOnError", () => {
    const toBoundary = throwOnErrorFor({ codes: ["NOT_FOUND"], kinds: ["Unauthorized"] });
    const { data, error } = useQuery({ queryKey: ["user"], queryFn: loadUser, throwOnError: toBoundary });
    expectTypeOf(data).toEqualTypeOf<{ name: string } | undefined>();
    expectTypeOf(error).toEqualTypeOf<ApiError | null>();
    // @ts-expect-error not a kind
    throwOnErrorFor({ kinds: ["NotAKind"] });
  });

  it("checks codes against a catalog", () => {
    const shop = defineCatalog({ OUT_OF_STOCK: { status: 409, title: "Out of stock" } });
    throwOnErrorFor({ catalog: shop, codes: ["OUT_OF_STOCK"] });
    // @ts-expect-error a typo of a catalog code
    throwOnErrorFor({ catalog: shop, codes: ["OUT_OF_STOK"] });
    onApiError({
      catalog: shop,
      codes: {
        OUT_OF_STOCK: (e) => expectTypeOf(e.code).toEqualTypeOf<"OUT_OF_STOCK" | undefined>(),
      },
    });
    onApiError({
      catalog: shop,
      codes: {
        // @ts-expect-error a typo of a catalog code
        OUT_OF_STOK: (e: ApiError) => console.log(e.code),
      },
    });
    const ShopBoundary = createQueryApiErrorBoundary(shop);
    const ok = <ShopBoundary codes={{ OUT_OF_STOCK: ({ error }) => <p>{error.code}</p> }} />;
    // @ts-expect-error a typo of a catalog code
    const typo = <ShopBoundary codes={{ OUT_OF_STOK: ({ error }) => <p>{error.message}</p> }} />;
    expectTypeOf(ok).not.toBeAny();
    expectTypeOf(typo).not.toBeAny();
  });
});
