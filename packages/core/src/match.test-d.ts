import { match, P } from "ts-pattern";
import { describe, expectTypeOf, it } from "vitest";
import type { ApiError } from "./ApiError";
import { defineCatalog, details, type UnknownCode } from "./Catalog";
import { decode } from "./decode";
import { matchCode, matchError } from "./match";
import { type StandardCode, standardCatalog } from "./standard";

const shop = defineCatalog({
  OUT_OF_STOCK: { status: 409, title: "Out of stock" },
  CARD_DECLINED: { status: 402, title: "Card declined", details: details({ reason: "string" }) },
});

describe("decode types code by the catalog", () => {
  it("without a catalog, code is a string", () => {
    expectTypeOf(decode({ status: 400 }).code).toEqualTypeOf<string | undefined>();
  });
  it("with a catalog, code is the catalog's union, an unknown code, or undefined", () => {
    expectTypeOf(decode({ status: 400 }, { catalog: shop }).code).toEqualTypeOf<
      "OUT_OF_STOCK" | "CARD_DECLINED" | UnknownCode | undefined
    >();
    expectTypeOf(decode({ status: 400 }, { catalog: standardCatalog }).code).toEqualTypeOf<
      StandardCode | UnknownCode | undefined
    >();
  });
});

describe("ts-pattern exhaustiveness", () => {
  const err = decode({ status: 400 }, { catalog: shop });
  it("on codes: every code, unknown codes and no code must be handled", () => {
    match(err.code)
      .with("OUT_OF_STOCK", () => 1)
      .with("CARD_DECLINED", () => 2)
      .with(P.string, () => 3)
      .with(undefined, () => 4)
      .exhaustive();
    match(err.code)
      .with("OUT_OF_STOCK", () => 1)
      .with(P.string, () => 3)
      .with(undefined, () => 4)
      // P.string also covers CARD_DECLINED, so this is complete; removing the catch-all is not:
      .exhaustive();
    match(err.code)
      .with("OUT_OF_STOCK", () => 1)
      .with("CARD_DECLINED", () => 2)
      // @ts-expect-error: unknown codes and undefined are not handled
      .exhaustive();
  });
  it("on kinds", () => {
    const e: ApiError = decode({ status: 500 });
    match(e._tag)
      .with("NotFound", () => 1)
      // @ts-expect-error: most kinds are missing
      .exhaustive();
    match(e._tag)
      .with(
        "BadRequest",
        "Unauthorized",
        "Forbidden",
        "NotFound",
        "Conflict",
        "UnprocessableEntity",
        () => "client",
      )
      .with("TooManyRequests", () => "later")
      .with(
        "InternalServerError",
        "BadGateway",
        "ServiceUnavailable",
        "GatewayTimeout",
        "ServerError",
        () => "server",
      )
      .with("ClientError", () => "client")
      .with("Network", "Timeout", "Aborted", "Unexpected", () => "transport")
      .exhaustive();
  });
});

describe("handler-map matchers are checked for completeness", () => {
  const err = decode({ status: 402 }, { catalog: shop });
  it("matchCode: one handler per code plus _ ; details typed per code", () => {
    const out = matchCode(err, shop, {
      OUT_OF_STOCK: () => "sold out",
      CARD_DECLINED: (e) => {
        expectTypeOf(e.details).toEqualTypeOf<{ readonly reason: string } | undefined>();
        expectTypeOf(e.code).toEqualTypeOf<"CARD_DECLINED">();
        return "declined";
      },
      _: (e) => e.message,
    });
    expectTypeOf(out).toEqualTypeOf<string>();
    // @ts-expect-error: CARD_DECLINED has no handler
    matchCode(err, shop, { OUT_OF_STOCK: () => 1, _: () => 0 });
    // @ts-expect-error: no fallback for unknown codes
    matchCode(err, shop, { OUT_OF_STOCK: () => 1, CARD_DECLINED: () => 2 });
  });
  it("matchError: every kind, or some kinds plus _", () => {
    matchError(err, { NotFound: () => 1, _: () => 0 });
    // @ts-expect-error: neither complete nor with a fallback
    matchError(err, { NotFound: () => 1 });
  });
  it("standard catalog: INSUFFICIENT_BALANCE details are typed", () => {
    const e = decode({ status: 402 }, { catalog: standardCatalog });
    type Handlers = import("./match").CodeHandlers<typeof standardCatalog, string>;
    expectTypeOf<Parameters<Handlers["INSUFFICIENT_BALANCE"]>[0]["details"]>().toEqualTypeOf<
      { readonly required: string; readonly available: string } | undefined
    >();
    expectTypeOf(e).not.toBeAny();
  });
});
