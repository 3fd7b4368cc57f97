import * as Effect from "effect/Effect";
import { describe, expectTypeOf, it } from "vitest";
import { catchCode } from "./effect";
import type {
  ApiError,
  CatalogError,
  ClientError,
  ConflictError,
  NotFoundError,
  TooManyRequestsError,
  UnknownCode,
} from "./index";
import { decode, defineCatalog, details, standardCatalog } from "./index";

const acme = defineCatalog({
  DUPLICATE_CANDIDATE: { status: 409, title: "Duplicate candidate" },
  INSUFFICIENT_BALANCE: {
    status: 402,
    title: "Insufficient balance",
    details: details({ required: "string", available: "string" }),
  },
  QUOTA_EXHAUSTED: { status: 429, title: "Quota exhausted", retryable: false },
});
type AcmeError = CatalogError<typeof acme>;

declare const call: Effect.Effect<string, AcmeError>;

describe("8.4 catchCode", () => {
  it("removes the caught code from the channel (pipe)", () => {
    const program = call.pipe(catchCode("INSUFFICIENT_BALANCE", (e) => Effect.succeed(e.message)));
    expectTypeOf(program).toEqualTypeOf<
      Effect.Effect<
        string,
        | ConflictError<"DUPLICATE_CANDIDATE", unknown>
        | TooManyRequestsError<"QUOTA_EXHAUSTED", unknown>
        | ApiError<UnknownCode | undefined>
      >
    >();
  });
  it("pipe types the handler's error, details included", () => {
    const program = call.pipe(
      catchCode("INSUFFICIENT_BALANCE", (e) => {
        expectTypeOf(e).toEqualTypeOf<
          ClientError<"INSUFFICIENT_BALANCE", { readonly required: string; readonly available: string }>
        >();
        return Effect.succeed(`need ${e.details?.required.toUpperCase() ?? "more"}`);
      }),
    );
    expectTypeOf(program).toEqualTypeOf<
      Effect.Effect<
        string,
        | ConflictError<"DUPLICATE_CANDIDATE", unknown>
        | TooManyRequestsError<"QUOTA_EXHAUSTED", unknown>
        | ApiError<UnknownCode | undefined>
      >
    >();
    const quota = call.pipe(catchCode("QUOTA_EXHAUSTED", (e) => Effect.succeed(e.retryAfterMs ?? 0)));
    expectTypeOf(quota).toEqualTypeOf<
      Effect.Effect<
        string | number,
        | ConflictError<"DUPLICATE_CANDIDATE", unknown>
        | ClientError<"INSUFFICIENT_BALANCE", { readonly required: string; readonly available: string }>
        | ApiError<UnknownCode | undefined>
      >
    >();
  });
  it("pipe on Effect.fail of a decoded error types the handler's error", () => {
    const err = decode({ status: 404, body: { code: "NOT_FOUND" } }, { catalog: standardCatalog });
    const program = Effect.fail(err).pipe(
      catchCode("NOT_FOUND", (e) => {
        expectTypeOf(e).toEqualTypeOf<NotFoundError<"NOT_FOUND", unknown>>();
        return Effect.succeed(`missing: ${e.message.toLowerCase()}`);
      }),
      catchCode("INSUFFICIENT_BALANCE", (e) => Effect.succeed(e.details?.available.trim() ?? "")),
    );
    expectTypeOf(program).toEqualTypeOf<
      Effect.Effect<
        string,
        Exclude<CatalogError<typeof standardCatalog>, { readonly code: "NOT_FOUND" | "INSUFFICIENT_BALANCE" }>
      >
    >();
  });
  it("pipe: a handler that reads details another code does not have does not compile", () => {
    call.pipe(
      catchCode("DUPLICATE_CANDIDATE", (e) =>
        // @ts-expect-error: DUPLICATE_CANDIDATE declares no details
        Effect.succeed(e.details?.required),
      ),
    );
    call.pipe(
      // @ts-expect-error: the handler takes the INSUFFICIENT_BALANCE error, not a TooManyRequests one
      catchCode("INSUFFICIENT_BALANCE", (e: TooManyRequestsError<"QUOTA_EXHAUSTED">) =>
        Effect.succeed(e.code),
      ),
    );
  });
  it("pipe: an annotated handler does not change what the channel is", () => {
    const program = call.pipe(catchCode("INSUFFICIENT_BALANCE", (e: ApiError) => Effect.succeed(e.status)));
    expectTypeOf(program).toEqualTypeOf<
      Effect.Effect<
        string | number,
        | ConflictError<"DUPLICATE_CANDIDATE", unknown>
        | TooManyRequestsError<"QUOTA_EXHAUSTED", unknown>
        | ApiError<UnknownCode | undefined>
      >
    >();
  });
  it("data-first types the handler's error, details included", () => {
    catchCode(call, "INSUFFICIENT_BALANCE", (e) => {
      expectTypeOf(e.code).toEqualTypeOf<"INSUFFICIENT_BALANCE">();
      expectTypeOf(e.details?.required).toEqualTypeOf<string | undefined>();
      return Effect.succeed(`need ${e.details?.required.toUpperCase() ?? "more"}`);
    });
  });
  it("chains: each caught code leaves the channel", () => {
    const program = call.pipe(
      catchCode("INSUFFICIENT_BALANCE", (e) => Effect.succeed(e.details?.required.toUpperCase() ?? "")),
      catchCode("DUPLICATE_CANDIDATE", (e) => Effect.succeed(e.field ?? "")),
      catchCode("QUOTA_EXHAUSTED", (e) => Effect.succeed(String(e.retryAfterMs))),
    );
    expectTypeOf(program).toEqualTypeOf<Effect.Effect<string, ApiError<UnknownCode | undefined>>>();
  });
  it("data-first works too", () => {
    const program = catchCode(call, "QUOTA_EXHAUSTED", (e) => Effect.succeed(e._tag));
    expectTypeOf(program).toEqualTypeOf<
      Effect.Effect<
        string,
        | ConflictError<"DUPLICATE_CANDIDATE", unknown>
        | import("./index").ClientError<
            "INSUFFICIENT_BALANCE",
            { readonly required: string; readonly available: string }
          >
        | ApiError<UnknownCode | undefined>
      >
    >();
  });
  it("a code the catalog does not declare does not compile", () => {
    // @ts-expect-error: a typo
    call.pipe(catchCode("INSUFICIENT_BALANCE", (e) => Effect.succeed(e.message)));
    // @ts-expect-error: data-first typo
    catchCode(call, "DUPLICATE", () => Effect.succeed(""));
  });
  it("errors without a catalog accept any code and stay in the channel", () => {
    const plain: Effect.Effect<number, ApiError> = Effect.fail(decode({ status: 404 }));
    const program = plain.pipe(catchCode("NOT_FOUND", (e) => Effect.succeed(e.status)));
    expectTypeOf(program).toEqualTypeOf<Effect.Effect<number, ApiError>>();
  });
});
