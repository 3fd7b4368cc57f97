import { publicMessage, ServiceUnavailableError, tagForStatus } from "@faultline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromTRPCClientError } from "../src/client";
import { trpcCodeTable } from "../src/internal/codes";
import { makeClient, type Running, type Seen, servers } from "./fixture";

const caught = async (call: Promise<unknown>): Promise<unknown> => {
  try {
    await call;
  } catch (thrown) {
    return thrown;
  }
  throw new Error("the call did not fail");
};

const secrets = ["postgres", "user:pass", "ECONNREFUSED", "db.ts", "/srv/app", "stack", "internal"];

describe.each(servers)("what leaves the %s adapter", (_name, start) => {
  let server: Running;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(() => server.close());

  it("answers anything else thrown with a 500 that leaks no message, stack or connection string", async () => {
    for (const call of ["boom", "boomObject"] as const) {
      const seen: Seen[] = [];
      const client = makeClient(server.url, "httpLink", seen);
      const thrown = await caught(client[call].query());
      const err = fromTRPCClientError(thrown);
      expect(err._tag).toBe("InternalServerError");
      expect(err.status).toBe(500);
      expect(err.message).toBe("Internal Server Error");
      expect(err.details).toBeUndefined();
      expect(seen[0]?.status).toBe(500);
      for (const secret of secrets) {
        expect(seen[0]?.body).not.toContain(secret);
        expect((thrown as Error).message).not.toContain(secret);
      }
    }
  });

  it("shows only the public message of a 5xx core error, keeping its code and hint", async () => {
    const seen: Seen[] = [];
    const client = makeClient(server.url, "httpLink", seen);
    const err = fromTRPCClientError(await caught(client.internal5xx.query()));
    expect(err._tag).toBe("ServiceUnavailable");
    expect(err.code).toBe("SERVICE_UNAVAILABLE");
    expect(err.message).toBe(publicMessage(new ServiceUnavailableError({})));
    expect(err.retryAfterMs).toBe(2_000);
    expect(seen[0]?.status).toBe(503);
    expect(seen[0]?.headers.get("retry-after")).toBe("2");
    expect(seen[0]?.body).not.toContain("pool exhausted");
    expect(seen[0]?.body).not.toContain("postgres");
  });

  it("converts every native TRPCError code to the matching kind and status", async () => {
    const codes = Object.keys(trpcCodeTable) as Array<keyof typeof trpcCodeTable>;
    for (const code of codes) {
      const seen: Seen[] = [];
      const client = makeClient(server.url, "httpLink", seen);
      const err = fromTRPCClientError(await caught(client.native.query({ code, message: `native ${code}` })));
      const { status } = trpcCodeTable[code];
      expect([code, err._tag, err.status]).toEqual([code, tagForStatus(status), status]);
      expect(err.code).toBe(code);
      expect(err.message).toBe(status >= 500 ? publicMessage(err) : `native ${code}`);
      expect(seen[0]?.status).toBe(status);
    }
  });

  it("never sends the message tRPC took from a native TRPCError's cause", async () => {
    const seen: Seen[] = [];
    const client = makeClient(server.url, "httpLink", seen);
    const err = fromTRPCClientError(await caught(client.nativeCause.query()));
    expect([err._tag, err.status, err.code, err.message]).toEqual([
      "BadRequest",
      400,
      "BAD_REQUEST",
      "Bad Request",
    ]);
    expect(seen[0]?.body).not.toContain("postgres");
  });

  it("sends input validation errors as a 400 BadRequest with the first offending field", async () => {
    const seen: Seen[] = [];
    const client = makeClient(server.url, "httpLink", seen);
    const err = fromTRPCClientError(
      await caught(client.signup.mutate({ user: { email: "nope", name: "" }, age: 1.5 })),
    );
    expect(err._tag).toBe("BadRequest");
    expect(err.status).toBe(400);
    expect(err.code).toBe("VALIDATION_ERROR");
    expect(err.field).toBe("user.email");
    const issues = (err.details as { issues: Array<{ path: string }> }).issues;
    expect(issues.map((i) => i.path)).toEqual(["user.email", "user.name", "age"]);
    expect(seen[0]?.status).toBe(400);
  });

  it("sends validation errors the same way when the parser runs before the middleware", async () => {
    const seen: Seen[] = [];
    const client = makeClient(server.url, "httpBatchLink", seen);
    const err = fromTRPCClientError(await caught(client.signupBare.mutate({ tags: ["a", 2 as never] })));
    expect(err._tag).toBe("BadRequest");
    expect(err.code).toBe("VALIDATION_ERROR");
    expect(err.field).toBe("tags.1");
    expect(seen[0]?.status).toBe(400);
  });

  it("drops tRPC's stack from the error shape", async () => {
    const seen: Seen[] = [];
    const client = makeClient(server.url, "httpLink", seen);
    await caught(client.fail.query({ tag: "NotFound" }));
    expect(seen[0]?.body).not.toContain('"stack"');
    expect(JSON.parse(seen[0]?.body ?? "{}").error.data).toMatchObject({
      code: "NOT_FOUND",
      httpStatus: 404,
    });
  });
});
