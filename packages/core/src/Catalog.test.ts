import { describe, expect, it } from "vitest";
import { copyError, NotFoundError, reviveError } from "./ApiError";
import { defineCatalog, details } from "./Catalog";
import { decode } from "./decode";
import { encode } from "./encode";

const acme = defineCatalog({
  DUPLICATE_CANDIDATE: { status: 409, title: "Duplicate candidate" },
  INSUFFICIENT_BALANCE: {
    status: 402,
    title: "Insufficient balance",
    details: details({ required: "string", available: "string" }),
  },
  QUOTA_EXHAUSTED: { status: 429, title: "Quota exhausted", retryable: false },
});

describe("catalog.make: a server builds its errors from the catalog", () => {
  it("gives the declared kind and status, the title as message, typed details", () => {
    const err = acme.make("INSUFFICIENT_BALANCE", { details: { required: "42.00", available: "1.00" } });
    expect(err).toMatchObject({
      _tag: "ClientError",
      status: 402,
      code: "INSUFFICIENT_BALANCE",
      message: "Insufficient balance",
      details: { required: "42.00", available: "1.00" },
    });
    expect(acme.make("DUPLICATE_CANDIDATE", { field: "email" })).toMatchObject({
      _tag: "Conflict",
      status: 409,
    });
    expect(acme.make("QUOTA_EXHAUSTED").retryable).toBe(false);
  });
  it("round-trips through encode and decode with the catalog", () => {
    const err = acme.make("DUPLICATE_CANDIDATE", { message: "Email exists", field: "email" });
    const res = encode(err, { format: "F4" });
    const back = decode({ status: res.status, headers: res.headers, body: res.body }, { catalog: acme });
    expect(back).toMatchObject({
      _tag: "Conflict",
      code: "DUPLICATE_CANDIDATE",
      field: "email",
      message: "Email exists",
    });
  });
  it("rejects a code it does not declare with a clear error", () => {
    expect(() => (acme.make as (code: string) => unknown)("NOPE")).toThrow(
      /"NOPE" is not a code of this catalog/,
    );
  });
});

describe("known and unknown codes", () => {
  it("isUnknownCode is true only for strings the catalog does not declare", () => {
    expect(acme.isUnknownCode("SOMETHING_NEW")).toBe(true);
    expect(acme.isUnknownCode("DUPLICATE_CANDIDATE")).toBe(false);
    expect(acme.isUnknownCode(undefined)).toBe(false);
    expect(acme.isUnknownCode("__proto__")).toBe(true);
  });
  it("decode gives a declared code the kind its declared status stands for", () => {
    const err = decode({ status: 400, body: { code: "DUPLICATE_CANDIDATE" } }, { catalog: acme });
    expect(err._tag).toBe("Conflict");
    expect(err.status).toBe(400);
    expect(acme.isKnown(err)).toBe(true);
    expect(acme.isKnown(decode({ status: 400, body: { code: "OTHER" } }, { catalog: acme }))).toBe(false);
  });
  it("reviveError with a catalog keeps kinds consistent with the catalog", () => {
    const json = { ...new NotFoundError({ code: "DUPLICATE_CANDIDATE" }).toJSON() };
    expect(reviveError(json, { catalog: acme })._tag).toBe("Conflict");
  });
});

describe("contradictory statuses are normalized", () => {
  it("a named kind keeps its own status; generic kinds keep theirs in range", () => {
    expect(new (NotFoundError as new (init: object) => NotFoundError)({ status: 500 }).status).toBe(404);
    expect(copyError(new NotFoundError({}), { attempts: 2 }).status).toBe(404);
  });
});
