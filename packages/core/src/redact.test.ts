import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { NetworkError } from "./ApiError";
import { decode } from "./decode";
import { fromUnknown } from "./fromUnknown";
import { redactText } from "./redact";

const secrets = [
  "rp_app_9f8e7d6c5b4a3210",
  "sk_live_51HxYzAbCdEfGh",
  "pk_live_51HxYzAbCdEfGh",
  "sk-proj-abcdefghijklmnopqrstuv",
  "ghp_abcdefghijklmnopqrstuvwxyz0123",
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
];

const surfaces = (err: { message: string; toJSON(): unknown; response?: unknown; details?: unknown }) => [
  err.message,
  String(err),
  JSON.stringify(err),
  JSON.stringify(err.toJSON()),
  inspect(err, { depth: 10 }),
];

describe("secrets never leave in an error", () => {
  it.each(secrets)("%s is redacted from message, toJSON, String(err), inspect and the snapshot", (secret) => {
    const err = decode({
      status: 401,
      url: `https://api.example.com/v1/me?api_key=${secret}&page=2`,
      headers: {
        Authorization: `Bearer ${secret}`,
        "X-API-Key": secret,
        "X-RP-API-Key": secret,
        Cookie: `session=${secret}`,
        "Set-Cookie": `session=${secret}; HttpOnly`,
        "x-request-id": "req_1",
      },
      body: JSON.stringify({
        error: {
          code: "UNAUTHORIZED",
          message: `Key ${secret} was revoked`,
          details: { apiKey: secret, hint: `use ${secret}` },
        },
      }),
    });
    for (const text of surfaces(err)) expect(text).not.toContain(secret);
    expect(err.response?.headers.authorization).toBe("[REDACTED]");
    expect(err.response?.headers["x-rp-api-key"]).toBe("[REDACTED]");
    expect(err.response?.headers["x-request-id"]).toBe("req_1");
    expect(err.response?.url).toContain("page=2");
  });

  it("redacts the serialized cause", () => {
    const err = fromUnknown(
      new TypeError("fetch failed with Bearer abcdefghijklmnop1234", { cause: { code: "ECONNRESET" } }),
    );
    expect(err).toBeInstanceOf(NetworkError);
    expect(JSON.stringify(err)).not.toContain("abcdefghijklmnop1234");
  });

  it("leaves ordinary text alone", () => {
    expect(redactText("The 'priority' field must be one of: low, normal")).toBe(
      "The 'priority' field must be one of: low, normal",
    );
    expect(redactText("token expired")).toBe("token expired");
  });
});

describe("redaction on hostile text", () => {
  it("stays linear on long word runs (no catastrophic backtracking)", () => {
    for (const text of ["x".repeat(200_000), "x-".repeat(100_000), "a_".repeat(100_000)]) {
      expect(redactText(text)).toBe(text);
    }
  });
});
