import { expectTypeOf, it } from "vitest";
import { type ApiErrorJSON, NotFoundError } from "./ApiError";
import { decode } from "./decode";

it("toJSON is typed as ApiErrorJSON on instances and on the union", () => {
  expectTypeOf(new NotFoundError({}).toJSON()).toEqualTypeOf<ApiErrorJSON>();
  expectTypeOf(decode({ status: 400 }).toJSON()).toEqualTypeOf<ApiErrorJSON>();
});
