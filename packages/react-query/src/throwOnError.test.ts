import {
  BadRequestError,
  defineCatalog,
  NetworkError,
  NotFoundError,
  ServiceUnavailableError,
} from "@faultline/core";
import { describe, expect, it } from "vitest";
import { throwOnErrorFor } from "./throwOnError";
import { toApiErrors } from "./toApiErrors";

describe("throwOnErrorFor", () => {
  const toBoundary = throwOnErrorFor({ codes: ["NOT_FOUND"], kinds: ["ServiceUnavailable", "Network"] });

  it("selects by code and by kind, nothing else", () => {
    expect(toBoundary(new NotFoundError({ code: "NOT_FOUND" }))).toBe(true);
    expect(toBoundary(new NotFoundError({ code: "USER_GONE" }))).toBe(false);
    expect(toBoundary(new ServiceUnavailableError({}))).toBe(true);
    expect(toBoundary(new BadRequestError({ code: "BAD" }))).toBe(false);
  });

  it("classifies values that are not ours with fromUnknown", () => {
    expect(toBoundary(new TypeError("Failed to fetch") as never)).toBe(true);
    expect(toBoundary(new Error("bug") as never)).toBe(false);
    expect(throwOnErrorFor({ kinds: ["Unexpected"] })(new Error("bug") as never)).toBe(true);
    expect(toBoundary(null as never)).toBe(false);
  });

  it("takes a predicate for the rest and codes typed by a catalog", () => {
    const shop = defineCatalog({ OUT_OF_STOCK: { status: 409, title: "Out of stock" } });
    const select = throwOnErrorFor({ catalog: shop, codes: ["OUT_OF_STOCK"], when: (e) => e.status >= 500 });
    expect(select({ response: { status: 409, data: { code: "OUT_OF_STOCK" } } } as never)).toBe(true);
    expect(select(new NetworkError({}))).toBe(false);
    expect(select(new ServiceUnavailableError({}))).toBe(true);
  });
});

describe("toApiErrors", () => {
  it("rejects with core errors whatever the function threw", async () => {
    const wrapped = toApiErrors(async (n: number) => {
      if (n === 1) throw new TypeError("Failed to fetch");
      if (n === 2) throw { response: { status: 404, headers: {}, data: { code: "NOT_FOUND" } } };
      if (n === 3) throw new NotFoundError({ code: "X" });
      return n;
    });
    await expect(wrapped(1)).rejects.toMatchObject({ _tag: "Network" });
    await expect(wrapped(2)).rejects.toMatchObject({ _tag: "NotFound", code: "NOT_FOUND" });
    await expect(wrapped(3)).rejects.toBeInstanceOf(NotFoundError);
    await expect(wrapped(4)).resolves.toBe(4);
  });
});
