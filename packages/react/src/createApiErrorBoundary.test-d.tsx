import {
  type ApiError,
  type CatalogError,
  type CodedError,
  defineCatalog,
  details,
  standardCatalog,
} from "@faultline/core";
import { describe, expectTypeOf, it } from "vitest";
import { ApiErrorBoundary } from "./ApiErrorBoundary";
import { createApiErrorBoundary } from "./createApiErrorBoundary";
import type { ResetDetails } from "./options";

const shop = defineCatalog({
  OUT_OF_STOCK: { status: 409, title: "Out of stock" },
  INSUFFICIENT_BALANCE: {
    status: 402,
    title: "Insufficient balance",
    details: details({ required: "string", available: "string" }),
  },
});
const { ApiErrorBoundary: ShopBoundary, ExhaustiveApiErrorBoundary } = createApiErrorBoundary(shop);

describe("the catalog-typed boundary", () => {
  it("accepts the catalog's codes, each fallback typed by its code", () => {
    <ShopBoundary
      codes={{
        INSUFFICIENT_BALANCE: ({ error, reset }) => {
          expectTypeOf(error).toEqualTypeOf<CodedError<typeof shop, "INSUFFICIENT_BALANCE">>();
          expectTypeOf(error.code).toEqualTypeOf<"INSUFFICIENT_BALANCE">();
          expectTypeOf(error.details).toEqualTypeOf<
            { readonly required: string; readonly available: string } | undefined
          >();
          return (
            <button type="button" onClick={reset}>
              {error.details?.required.toUpperCase()}
            </button>
          );
        },
        OUT_OF_STOCK: ({ error }) => {
          expectTypeOf(error.details).toEqualTypeOf<unknown>();
          return <p>{error.code}</p>;
        },
      }}
      kinds={{
        TooManyRequests: ({ error }) => {
          expectTypeOf(error._tag).toEqualTypeOf<"TooManyRequests">();
          return <p>{error.retryAfterMs?.toFixed(0)}</p>;
        },
      }}
      fallback={({ error }) => {
        expectTypeOf(error).toEqualTypeOf<CatalogError<typeof shop>>();
        return <p>{error.message}</p>;
      }}
      onError={(error) => {
        expectTypeOf(error).toEqualTypeOf<CatalogError<typeof shop>>();
      }}
      onReset={(details) => {
        expectTypeOf(details).toEqualTypeOf<ResetDetails>();
      }}
    >
      <p>child</p>
    </ShopBoundary>;
  });

  it("rejects a code the catalog does not declare (a typo)", () => {
    <ShopBoundary
      codes={{
        // @ts-expect-error: OUT_OF_STOK is not a code of the catalog
        OUT_OF_STOK: ({ error }) => <p>{error.message}</p>,
      }}
    />;
  });

  it("rejects a fallback that expects another code's details", () => {
    <ShopBoundary
      codes={{
        // @ts-expect-error: OUT_OF_STOCK declares no `required` detail
        OUT_OF_STOCK: ({ error }: { error: CodedError<typeof shop, "INSUFFICIENT_BALANCE"> }) => (
          <p>{error.details?.required}</p>
        ),
      }}
    />;
  });

  it("rejects an unknown kind", () => {
    <ShopBoundary
      kinds={{
        // @ts-expect-error: there is no kind TooManyRequest
        TooManyRequest: ({ error }) => <p>{error.message}</p>,
      }}
    />;
  });

  it("works with the standard catalog's codes", () => {
    const { ApiErrorBoundary: StandardBoundary } = createApiErrorBoundary(standardCatalog);
    <StandardBoundary
      codes={{
        INSUFFICIENT_BALANCE: ({ error }) => <p>{error.details?.available}</p>,
        RATE_LIMITED: ({ error }) => <p>{error.retryAfterMs}</p>,
      }}
    />;
    <StandardBoundary
      codes={{
        // @ts-expect-error: RATE_LIMIT is not a standard code
        RATE_LIMIT: ({ error }) => <p>{error.message}</p>,
      }}
    />;
  });
});

describe("the exhaustive boundary", () => {
  it("compiles with every code and `unknown`", () => {
    <ExhaustiveApiErrorBoundary
      codes={{
        OUT_OF_STOCK: ({ error }) => <p>{error.code}</p>,
        INSUFFICIENT_BALANCE: ({ error }) => <p>{error.details?.available}</p>,
      }}
      unknown={({ error }) => {
        expectTypeOf(error).toEqualTypeOf<CatalogError<typeof shop>>();
        return <p>{error.message}</p>;
      }}
    />;
  });

  it("does not compile when a code is missing", () => {
    <ExhaustiveApiErrorBoundary
      // @ts-expect-error: INSUFFICIENT_BALANCE has no fallback
      codes={{ OUT_OF_STOCK: ({ error }) => <p>{error.code}</p> }}
      unknown={({ error }) => <p>{error.message}</p>}
    />;
  });

  it("does not compile without `unknown`", () => {
    // @ts-expect-error: `unknown` is required
    <ExhaustiveApiErrorBoundary
      codes={{
        OUT_OF_STOCK: ({ error }) => <p>{error.code}</p>,
        INSUFFICIENT_BALANCE: ({ error }) => <p>{error.details?.available}</p>,
      }}
    />;
  });

  it("does not compile with a code the catalog does not declare", () => {
    <ExhaustiveApiErrorBoundary
      codes={{
        OUT_OF_STOCK: ({ error }) => <p>{error.code}</p>,
        INSUFFICIENT_BALANCE: ({ error }) => <p>{error.details?.available}</p>,
        // @ts-expect-error: CARD_DECLINED is not a code of the catalog
        CARD_DECLINED: ({ error }) => <p>{error.message}</p>,
      }}
      unknown={({ error }) => <p>{error.message}</p>}
    />;
  });
});

describe("the untyped ApiErrorBoundary", () => {
  it("types fallbacks as API errors and kinds by their kind", () => {
    <ApiErrorBoundary
      codes={{
        NOT_FOUND: ({ error }) => {
          expectTypeOf(error).toEqualTypeOf<ApiError>();
          return <p>{error.code}</p>;
        },
      }}
      kinds={{
        TooManyRequests: ({ error }) => {
          expectTypeOf(error).toEqualTypeOf<Extract<ApiError, { readonly _tag: "TooManyRequests" }>>();
          return <p>{error.retryAfterMs}</p>;
        },
      }}
      fallback={({ error, reset }) => (
        <button type="button" onClick={reset}>
          {error.message}
        </button>
      )}
      onError={(error, info) => console.warn(error.requestId, info.componentStack)}
      onReset={(details) => console.info(details.reason === "keys" ? details.next : details.reason)}
      resetKeys={["user-1"]}
    />;
    // @ts-expect-error: a fallback returns something React can render
    <ApiErrorBoundary fallback={({ error }) => ({ message: error.message })} />;
  });
});
