// A user of @faultline/core: decode an API's error body with the standard catalog, handle it with
// typed handlers, and encode an error for a response. Type-checked under nodenext and bundler, then run.
import assert from "node:assert/strict";
import { decode, encode, isApiError, matchError, standardCatalog } from "@faultline/core";

const body = JSON.stringify({ code: "RATE_LIMITED", message: "Slow down", retryAfter: 3 });
const err = decode(
  { status: 429, headers: { "content-type": "application/json", "retry-after": "3" }, body },
  { catalog: standardCatalog },
);

const retryIn: number = err.retryAfterMs ?? -1;
const text: string = matchError(err, {
  TooManyRequests: (e) => `retry in ${e.retryAfterMs ?? 0} ms (${e.code ?? "no code"})`,
  _: (e) => `${e._tag}: ${e.message}`,
});
assert.equal(err._tag, "TooManyRequests");
assert.equal(err.code, "RATE_LIMITED");
assert.equal(retryIn, 3000);
assert.equal(text, "retry in 3000 ms (RATE_LIMITED)");
assert.ok(isApiError(err));

const unknownKind = decode({ status: 418, body: "I'm a teapot" });
const kind: string = matchError(unknownKind, { NotFound: (e) => e.code ?? "", _: (e) => e._tag });
assert.equal(kind, "ClientError");

const encoded = encode(err, { format: "problem" });
assert.equal(encoded.status, 429);
const problem: unknown = JSON.parse(encoded.body);
assert.ok(typeof problem === "object" && problem !== null && "status" in problem && problem.status === 429);
const back = decode(
  { status: encoded.status, headers: encoded.headers, body: encoded.body },
  { catalog: standardCatalog },
);
assert.equal(back.code, "RATE_LIMITED");

export const typeOnly = (): void => {
  // @ts-expect-error decode needs a status: its input is typed, not any
  decode({ body: "{}" });
  // @ts-expect-error a handler's parameter is the narrowed kind, which has no such property
  matchError(err, { TooManyRequests: (e) => e.notAField, _: () => "" });
};

console.log(`core ok: ${text}`);
