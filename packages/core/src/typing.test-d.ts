/**
 * Typing promises of issue 8, written the way a user writes code: handlers use their parameter, and
 * every call that must not compile carries `@ts-expect-error`.
 */
import { match, P } from "ts-pattern";
import { describe, expectTypeOf, it } from "vitest";
import {
  type ApiError,
  type Catalog,
  type CatalogError,
  ConflictError,
  type CreateOptionsProbe,
  decode,
  defineCatalog,
  details,
  encode,
  hasCode,
  matchCode,
  matchError,
  reviveError,
  type StandardCatalog,
  type standardCatalog,
  type UnknownCode,
} from "./typing.fixture";

const acme = defineCatalog({
  DUPLICATE_CANDIDATE: { status: 409, title: "Duplicate candidate" },
  INSUFFICIENT_BALANCE: {
    status: 402,
    title: "Insufficient balance",
    details: details({ required: "string", available: "string" }),
  },
  QUOTA_EXHAUSTED: { status: 429, title: "Quota exhausted", retryable: false },
});

declare const res: { status: number; headers: Headers; body: string };

describe("8.1 matchError: each handler gets its kind", () => {
  const err = decode(res);
  it("a partial map with _ compiles under strict, handlers using their parameter", () => {
    const text = matchError(err, {
      TooManyRequests: (e) => `retry in ${e.retryAfterMs ?? 1_000} ms`,
      NotFound: (e) => `missing: ${e.message}`,
      _: (e) => e.message,
    });
    expectTypeOf(text).toEqualTypeOf<string>();
    matchError(err, {
      TooManyRequests: (e) => {
        expectTypeOf(e._tag).toEqualTypeOf<"TooManyRequests">();
        return e.retryAfterMs;
      },
      _: (e) => e.status,
    });
  });
  it("handlers may return different types; the result is their union", () => {
    const out = matchError(err, { TooManyRequests: (e) => e.retryAfterMs, _: (e) => e.message });
    expectTypeOf(out).toEqualTypeOf<number | undefined | string>();
  });
  it("a complete map needs no _", () => {
    const out = matchError(err, {
      BadRequest: (e) => e.field ?? "bad",
      Unauthorized: (e) => e.message,
      Forbidden: (e) => e.message,
      NotFound: (e) => e.message,
      Conflict: (e) => e.message,
      UnprocessableEntity: (e) => e.message,
      TooManyRequests: (e) => String(e.retryAfterMs),
      InternalServerError: (e) => e.message,
      BadGateway: (e) => e.message,
      ServiceUnavailable: (e) => e.message,
      GatewayTimeout: (e) => e.message,
      ClientError: (e) => String(e.status),
      ServerError: (e) => String(e.status),
      Network: (e) => e.message,
      Timeout: (e) => e.message,
      Aborted: (e) => e.message,
      Unexpected: (e) => e.message,
    });
    expectTypeOf(out).toEqualTypeOf<string>();
  });
  it("a partial map without _ and a misspelled kind do not compile", () => {
    // @ts-expect-error: not every kind, and no _
    matchError(err, { NotFound: (e) => e.message });
    // @ts-expect-error: NotFond is not a kind
    matchError(err, { NotFond: (e: ApiError) => e.message, _: (e) => e.message });
  });
});

describe("8.2 exhaustive matching on a catalog's codes", () => {
  const err = decode(res, { catalog: acme });
  it("ts-pattern: known codes, unknown codes (P.when guard) and no code", () => {
    const text = match(err.code)
      .with("DUPLICATE_CANDIDATE", () => "Already imported")
      .with("INSUFFICIENT_BALANCE", () => "Top up first")
      .with("QUOTA_EXHAUSTED", () => "Quota used up")
      .with(P.when(acme.isUnknownCode), (code) => `Unknown code ${code}`)
      .with(undefined, () => err.message)
      .exhaustive();
    expectTypeOf(text).toEqualTypeOf<string>();
  });
  it("forgetting a known code fails, even with the unknown-code arm", () => {
    match(err.code)
      .with("DUPLICATE_CANDIDATE", () => "Already imported")
      .with("INSUFFICIENT_BALANCE", () => "Top up first")
      .with(P.when(acme.isUnknownCode), (code) => `Unknown code ${code}`)
      .with(undefined, () => err.message)
      // @ts-expect-error: QUOTA_EXHAUSTED is not handled
      .exhaustive();
  });
  it("forgetting unknown codes or the missing code fails", () => {
    match(err.code)
      .with("DUPLICATE_CANDIDATE", "INSUFFICIENT_BALANCE", "QUOTA_EXHAUSTED", () => 1)
      .with(undefined, () => 2)
      // @ts-expect-error: codes the catalog does not know are not handled
      .exhaustive();
    match(err.code)
      .with("DUPLICATE_CANDIDATE", "INSUFFICIENT_BALANCE", "QUOTA_EXHAUSTED", () => 1)
      .with(P.when(acme.isUnknownCode), () => 2)
      // @ts-expect-error: a missing code is not handled
      .exhaustive();
  });
  it("matchCode: every known code plus _, which gets only unknown or missing codes", () => {
    const text = matchCode(err, acme, {
      DUPLICATE_CANDIDATE: (e) => `Duplicate ${e.field ?? ""}`,
      INSUFFICIENT_BALANCE: (e) => `Need ${e.details?.required}`,
      QUOTA_EXHAUSTED: (e) => `Back in ${e.retryAfterMs}`,
      _: (e) => {
        expectTypeOf(e.code).toEqualTypeOf<UnknownCode | undefined>();
        return e.message;
      },
    });
    expectTypeOf(text).toEqualTypeOf<string>();
    // @ts-expect-error: QUOTA_EXHAUSTED has no handler
    matchCode(err, acme, { DUPLICATE_CANDIDATE: () => 1, INSUFFICIENT_BALANCE: () => 2, _: () => 0 });
    // @ts-expect-error: no handler for unknown codes
    matchCode(err, acme, {
      DUPLICATE_CANDIDATE: () => 1,
      INSUFFICIENT_BALANCE: () => 2,
      QUOTA_EXHAUSTED: () => 3,
    });
  });
});

describe("8.3 code and details are linked", () => {
  const err = decode(res, { catalog: acme });
  it("once the error is known to the catalog, if on code narrows details and the kind", () => {
    if (!acme.isKnown(err)) return;
    if (err.code === "INSUFFICIENT_BALANCE") {
      expectTypeOf(err.details).toEqualTypeOf<
        { readonly required: string; readonly available: string } | undefined
      >();
      expectTypeOf(err._tag).toEqualTypeOf<"ClientError">();
    }
    if (err.code === "DUPLICATE_CANDIDATE")
      expectTypeOf(err).toEqualTypeOf<ConflictError<"DUPLICATE_CANDIDATE", unknown>>();
  });
  it("switch on code narrows details and the kind", () => {
    if (!acme.isKnown(err)) return;
    switch (err.code) {
      case "INSUFFICIENT_BALANCE":
        expectTypeOf(err.details?.available).toEqualTypeOf<string | undefined>();
        break;
      case "QUOTA_EXHAUSTED":
        expectTypeOf(err._tag).toEqualTypeOf<"TooManyRequests">();
        break;
      case "DUPLICATE_CANDIDATE":
        expectTypeOf(err.status).toEqualTypeOf<number>();
        break;
      default:
        expectTypeOf(err).toBeNever();
    }
  });
  it("hasCode and a ts-pattern arm narrow the whole union", () => {
    if (hasCode(err, acme, "INSUFFICIENT_BALANCE"))
      expectTypeOf(err.details?.required).toEqualTypeOf<string | undefined>();
    const out = match(err)
      .with({ code: "INSUFFICIENT_BALANCE" }, (e) => {
        expectTypeOf(e.code).toEqualTypeOf<"INSUFFICIENT_BALANCE">();
        return e.message;
      })
      .otherwise((e) => e.message);
    expectTypeOf(out).toEqualTypeOf<string>();
  });
  it("details of an unnarrowed error are not the code's", () => {
    // @ts-expect-error: required exists only once the code is known
    err.details?.required;
  });
});

describe("8.5 defineCatalog rejects unknown keys", () => {
  it("a typo in a code's spec does not compile", () => {
    // @ts-expect-error: retriable is not a key of a code's spec
    defineCatalog({ A: { status: 409, title: "A", retriable: true } });
    // @ts-expect-error: descripton is not a key of a code's spec
    defineCatalog({ A: { status: 409, title: "A", descripton: "typo" } });
    defineCatalog({ A: { status: 409, title: "A", retryable: true, description: "ok" } });
  });
});

describe("8.6 catalog types carry no prose", () => {
  it("the catalog's type holds statuses and details types only", () => {
    expectTypeOf(acme).toEqualTypeOf<
      Catalog<{
        readonly DUPLICATE_CANDIDATE: { readonly status: 409; readonly details: unknown };
        readonly INSUFFICIENT_BALANCE: {
          readonly status: 402;
          readonly details: { readonly required: string; readonly available: string };
        };
        readonly QUOTA_EXHAUSTED: { readonly status: 429; readonly details: unknown };
      }>
    >();
    expectTypeOf<CatalogError<StandardCatalog>>().toEqualTypeOf<CatalogError<typeof standardCatalog>>();
  });
});

describe("8.7 optional inputs accept undefined", () => {
  it("ResponseLike, DecodeOptions and EncodeOptions take undefined", () => {
    const url: string | undefined = process.env.API_URL;
    const max: number | undefined = process.env.MAX ? Number(process.env.MAX) : undefined;
    decode(
      { status: 400, url, statusText: undefined, headers: undefined },
      { maxBodyBytes: max, now: undefined },
    );
    encode(decode(res), { format: undefined, typeBaseUrl: url });
    const probe: CreateOptionsProbe = { catalog: undefined };
    expectTypeOf(probe).toEqualTypeOf<CreateOptionsProbe>();
  });
});

describe("8.8 a server builds an error from its catalog", () => {
  it("make returns the code's kind with typed details", () => {
    const err = acme.make("INSUFFICIENT_BALANCE", { details: { required: "42.00", available: "1.00" } });
    expectTypeOf(err._tag).toEqualTypeOf<"ClientError">();
    expectTypeOf(err.code).toEqualTypeOf<"INSUFFICIENT_BALANCE">();
    expectTypeOf(err.details).toEqualTypeOf<
      { readonly required: string; readonly available: string } | undefined
    >();
    const dup = acme.make("DUPLICATE_CANDIDATE", { field: "email" });
    expectTypeOf(dup).toEqualTypeOf<ConflictError<"DUPLICATE_CANDIDATE", unknown>>();
    // @ts-expect-error: not a code of the catalog
    acme.make("DUPLICATE");
    // @ts-expect-error: details of the wrong shape
    acme.make("INSUFFICIENT_BALANCE", { details: { required: 42 } });
  });
  it("a kind with a contradictory status does not compile", () => {
    new ConflictError({ status: 409 });
    // @ts-expect-error: a Conflict is a 409
    new ConflictError({ status: 500 });
  });
});

describe("8.9 reviveError types the code", () => {
  it("with a catalog, the revived error is the catalog's union", () => {
    const err = reviveError(JSON.parse("{}"), { catalog: acme });
    expectTypeOf(err).toEqualTypeOf<CatalogError<typeof acme>>();
    if (acme.isKnown(err) && err.code === "INSUFFICIENT_BALANCE")
      expectTypeOf(err.details?.required).toEqualTypeOf<string | undefined>();
    expectTypeOf(reviveError(null)).toEqualTypeOf<ApiError>();
  });
});
