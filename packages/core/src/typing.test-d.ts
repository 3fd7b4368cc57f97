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
  it("if on code narrows details and the kind, with no isKnown guard first", () => {
    if (err.code === "INSUFFICIENT_BALANCE") {
      expectTypeOf(err.details).toEqualTypeOf<
        { readonly required: string; readonly available: string } | undefined
      >();
      expectTypeOf(err._tag).toEqualTypeOf<"ClientError">();
      const need: string = err.details?.required.toUpperCase() ?? "";
      expectTypeOf(need).toEqualTypeOf<string>();
    }
    if (err.code === "DUPLICATE_CANDIDATE")
      expectTypeOf(err).toEqualTypeOf<ConflictError<"DUPLICATE_CANDIDATE", unknown>>();
    if (err.code !== "QUOTA_EXHAUSTED") return;
    expectTypeOf(err.retryAfterMs).toEqualTypeOf<number | undefined>();
    expectTypeOf(err._tag).toEqualTypeOf<"TooManyRequests">();
  });
  it("a user's function narrows on code and reads the details", () => {
    const describeError = (e: CatalogError<typeof acme>): string => {
      if (e.code === "INSUFFICIENT_BALANCE")
        return `Top up ${e.details?.required.toUpperCase() ?? "?"} (have ${e.details?.available ?? "?"})`;
      if (e.code === "QUOTA_EXHAUSTED") return `Back in ${e.retryAfterMs ?? 0} ms`;
      return e.message;
    };
    expectTypeOf(describeError(err)).toEqualTypeOf<string>();
  });
  it("switch on code narrows details and the kind; default gets unknown codes", () => {
    switch (err.code) {
      case "INSUFFICIENT_BALANCE":
        expectTypeOf(err.details?.available.trim()).toEqualTypeOf<string | undefined>();
        break;
      case "QUOTA_EXHAUSTED":
        expectTypeOf(err._tag).toEqualTypeOf<"TooManyRequests">();
        break;
      case "DUPLICATE_CANDIDATE":
        expectTypeOf(err.status).toEqualTypeOf<number>();
        expectTypeOf(err.field).toEqualTypeOf<string | undefined>();
        break;
      case undefined:
        expectTypeOf(err.code).toEqualTypeOf<undefined>();
        expectTypeOf(err.details).toEqualTypeOf<unknown>();
        break;
      default:
        expectTypeOf(err).toEqualTypeOf<ApiError<UnknownCode | undefined>>();
        expectTypeOf(err.code.toLowerCase()).toEqualTypeOf<string>();
    }
  });
  it("a switch that returns in every case of the catalog leaves only unknown and missing codes", () => {
    const label = (e: CatalogError<typeof acme>): string => {
      switch (e.code) {
        case "INSUFFICIENT_BALANCE":
          return e.details?.required ?? "";
        case "QUOTA_EXHAUSTED":
        case "DUPLICATE_CANDIDATE":
          return e.code;
      }
      expectTypeOf(e.code).toEqualTypeOf<UnknownCode | undefined>();
      return e.message;
    };
    expectTypeOf(label).returns.toEqualTypeOf<string>();
  });
  it("isKnown still narrows to the catalog's codes", () => {
    if (!acme.isKnown(err)) return;
    expectTypeOf(err.code).toEqualTypeOf<
      "DUPLICATE_CANDIDATE" | "INSUFFICIENT_BALANCE" | "QUOTA_EXHAUSTED"
    >();
    if (err.code === "INSUFFICIENT_BALANCE")
      expectTypeOf(err.details?.required).toEqualTypeOf<string | undefined>();
  });
  it("hasCode and a ts-pattern arm narrow the whole union", () => {
    if (hasCode(err, acme, "INSUFFICIENT_BALANCE"))
      expectTypeOf(err.details?.required.toUpperCase()).toEqualTypeOf<string | undefined>();
    const out = match(err)
      .with({ code: "INSUFFICIENT_BALANCE" }, (e) => {
        expectTypeOf(e.code).toEqualTypeOf<"INSUFFICIENT_BALANCE">();
        return e.details?.required.toUpperCase() ?? e.message;
      })
      .otherwise((e) => e.message);
    expectTypeOf(out).toEqualTypeOf<string>();
  });
  it("details of an unnarrowed error, or of another code, are not the code's", () => {
    // @ts-expect-error: required exists only once the code is INSUFFICIENT_BALANCE
    err.details?.required;
    if (err.code === "DUPLICATE_CANDIDATE") {
      // @ts-expect-error: DUPLICATE_CANDIDATE declares no details
      err.details?.required;
    }
    if (err.code !== "INSUFFICIENT_BALANCE") {
      // @ts-expect-error: every code but INSUFFICIENT_BALANCE is left
      err.details?.available;
    }
  });
  it("comparing code with a literal the catalog does not declare does not compile", () => {
    // @ts-expect-error: a typo of INSUFFICIENT_BALANCE
    if (err.code === "INSUFICIENT_BALANCE") err.message;
    switch (err.code) {
      // @ts-expect-error: not a code of the catalog
      case "DUPLICATE":
        break;
    }
    // a code outside the catalog can still be tested as a plain string
    if (String(err.code) === "LEGACY_CODE") expectTypeOf(err.details).toEqualTypeOf<unknown>();
  });
  it("an unknown code is not a code the user can write", () => {
    // @ts-expect-error: only catalog.isUnknownCode produces an UnknownCode
    const code: UnknownCode = "SOMETHING_NEW";
    expectTypeOf(code).toEqualTypeOf<UnknownCode>();
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
