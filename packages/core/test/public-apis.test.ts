import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decode, isApiError } from "../src";

interface Case {
  name: string;
  source: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  expect: {
    code: string | null;
    message: string;
    requestId: string | null;
    field: string | null;
    retryAfterMs: number | null;
    retryable: boolean;
  };
}

const dir = join(import.meta.dirname, "fixtures/public-apis");
const files = readdirSync(dir).filter((f) => f.endsWith(".json"));

describe.each(files)("documented errors of %s", (file) => {
  const cases = JSON.parse(readFileSync(join(dir, file), "utf8")) as Case[];
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    // Bodies go over the wire as text, the way a client receives them.
    const body = typeof c.body === "string" ? c.body : JSON.stringify(c.body);
    const err = decode({ status: c.status, headers: c.headers, body }, { now: () => 0 });
    expect(isApiError(err)).toBe(true);
    expect({
      code: err.code ?? null,
      message: err.message,
      requestId: err.requestId ?? null,
      field: err.field ?? null,
      retryAfterMs: err.retryAfterMs ?? null,
      retryable: err.retryable,
    }).toEqual(c.expect);
    expect(err.status).toBe(c.status);
  });
});
