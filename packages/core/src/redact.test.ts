import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NetworkError } from "./ApiError";
import { decode } from "./decode";
import { fromUnknown } from "./fromUnknown";
import {
  isCleanText,
  isSensitiveHeader,
  REDACTED,
  redactCleanValue,
  redactHeaders,
  redactText,
  redactUrl,
  redactValue,
  scanText,
} from "./redact";

const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

const secrets = [
  "rp_app_9f8e7d6c5b4a3210",
  "sk_live_51HxYzAbCdEfGh",
  "pk_live_51HxYzAbCdEfGh",
  "sk-proj-abcdefghijklmnopqrstuv",
  "ghp_abcdefghijklmnopqrstuvwxyz0123",
  jwt,
];

const surfaces = (err: { message: string; toJSON(): unknown; response?: unknown; details?: unknown }) => [
  err.message,
  String(err),
  JSON.stringify(err),
  JSON.stringify(err.toJSON()),
  inspect(err, { depth: 10 }),
];

/** Redacting JSON made of lists and maps of these pieces (joined at random) keeps it valid JSON. */
const keepsJsonValid = (pieces: readonly string[]): void => {
  const piece = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((p) => p.join(""));
  fc.assert(
    fc.property(
      fc.array(piece, { maxLength: 4 }),
      fc.dictionary(piece, piece, { maxKeys: 3 }),
      (list, dict) => {
        const text = JSON.stringify({ list, dict, n: 1 });
        expect(JSON.parse(redactText(text))).toHaveProperty("n", 1);
      },
    ),
    { numRuns: 2_000 },
  );
};

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
    for (const text of [
      "The 'priority' field must be one of: low, normal",
      "token expired",
      "The token provided is invalid",
      "max_tokens: Field required",
      "Error validating access token: Session has expired.",
      '{"token_type":"bearer","expires_in":3600}',
      "Rate limit exceeded. Try again in 42 seconds.",
      "https://api.example.com/v1/jobs?page=2&lang=en",
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });
});

describe("redactText keeps JSON valid and never doubles brackets", () => {
  it("gives the documented example", () => {
    expect(redactText('{"password":"hunter22"}')).toBe('{"password":"[REDACTED]"}');
  });

  it("redacts a bearer credential once", () => {
    expect(redactText(`Authorization: Bearer ${jwt}`)).toMatch(/^Authorization: (?:Bearer )?\[REDACTED\]$/);
    expect(redactText(`authorization: bearer ${jwt}`)).not.toContain("]]");
    expect(redactText("Authorization: Basic dXNlcjpwYXNzd29yZA==")).toBe("Authorization: Basic [REDACTED]");
  });

  it("replaces numbers, arrays and objects under secret keys with a JSON string", () => {
    const text = JSON.stringify({
      token: 123456,
      credentials: { user: "ann", pass: { deep: "x" } },
      tokens: ["a", "b"],
      accessToken: null,
      keep: 1,
    });
    const out = redactText(text);
    expect(JSON.parse(out)).toEqual({
      token: REDACTED,
      credentials: REDACTED,
      tokens: REDACTED,
      accessToken: null,
      keep: 1,
    });
  });

  it("keeps escaped JSON inside a JSON string valid", () => {
    const inner = JSON.stringify({ password: "hunter22", id: 7 });
    const outer = JSON.stringify({ message: inner });
    const out = redactText(outer);
    expect(out).not.toContain("hunter22");
    expect(JSON.parse(JSON.parse(out).message)).toEqual({ password: REDACTED, id: 7 });
  });

  it("keeps any JSON document parseable (property)", () => {
    const key = fc.constantFrom("password", "accessToken", "client_secret", "note", "id", "X-Api-Key", "sig");
    const leaf = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(...secrets),
    );
    const doc = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        leaf,
        fc.array(tie("node"), { maxLength: 4 }),
        fc.dictionary(key, tie("node"), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(doc, (value) => {
        const text = JSON.stringify(value);
        const out = redactText(text);
        expect(() => JSON.parse(out)).not.toThrow();
        for (const s of secrets) expect(out).not.toContain(s);
      }),
      { numRuns: 300 },
    );
  });
});

describe("redaction is complete", () => {
  const opaque = "Zq8vN3rT6yW1pLm0";

  it.each([
    "password",
    "passwd",
    "token",
    "secret",
    "credentials",
    "accessToken",
    "access_token",
    "access-token",
    "AccessToken",
    "refreshToken",
    "refresh_token",
    "idToken",
    "id_token",
    "sessionToken",
    "SessionToken",
    "clientSecret",
    "client_secret",
    "apiSecret",
    "secretKey",
    "secret_key",
    "apiKey",
    "api_key",
    "api-key",
    "ApiKey",
    "privateKey",
    "private_key",
    "X-Api-Key",
    "aws_secret_access_key",
    "X-Amz-Security-Token",
    "authorization",
  ])("the value of %s in JSON, forms and structured values", (name) => {
    expect(redactText(JSON.stringify({ [name]: opaque }))).toBe(JSON.stringify({ [name]: REDACTED }));
    expect(redactText(`${name}=${opaque}&page=2`)).toBe(`${name}=${REDACTED}&page=2`);
    expect(redactValue({ [name]: opaque, other: "ok" })).toEqual({ [name]: REDACTED, other: "ok" });
    expect(redactValue({ [name]: [opaque], other: "ok" })).toEqual({ [name]: REDACTED, other: "ok" });
    expect(redactValue({ [name]: { nested: opaque } })).toEqual({ [name]: REDACTED });
  });

  it("a colon after a secret name in logs and YAML", () => {
    expect(redactText(`password: ${opaque}`)).toBe(`password: ${REDACTED}`);
    expect(redactText("password: hunter22 was rejected")).toBe(`password: ${REDACTED} was rejected`);
    expect(redactText("secret: letmein")).toBe(`secret: ${REDACTED}`);
  });

  it("lower-case and upper-case schemes", () => {
    for (const scheme of ["bearer", "Bearer", "BEARER", "basic"]) {
      expect(redactText(`sent ${scheme} ${opaque} upstream`)).toBe(`sent ${scheme} ${REDACTED} upstream`);
    }
  });

  it("a key right after a JSON escape", () => {
    for (const esc of ["\\n", "\\t", "\\r", "\\u000a"]) {
      const text = `{"message":"line one${esc}password=${opaque}"}`;
      expect(redactText(text)).toBe(`{"message":"line one${esc}password=${REDACTED}"}`);
    }
    expect(redactText(`{"m":"a\\nghp_abcdefghijklmnopqrstuvwxyz0123"}`)).toBe(`{"m":"a\\n${REDACTED}"}`);
  });

  it("credentials in URLs inside message text", () => {
    const text = `GET https://ann:${opaque}@api.example.com/x?token=${opaque}&api_key=${opaque}&page=2 failed`;
    const out = redactText(text);
    expect(out).not.toContain(opaque);
    expect(out).toBe(
      `GET https://${REDACTED}@api.example.com/x?token=${REDACTED}&api_key=${REDACTED}&page=2 failed`,
    );
  });

  it("credentials in a URL encoded inside another URL, once or twice", () => {
    for (const [text, expected] of [
      [
        `next=https%3A%2F%2Fann%3A${opaque}%40api.example.com%2Fx&page=2`,
        `next=https%3A%2F%2F${REDACTED}%40api.example.com%2Fx&page=2`,
      ],
      [`next=https%3a%2f%2fann:${opaque}@api.example.com`, `next=https%3a%2f%2f${REDACTED}@api.example.com`],
      [
        `next=https%253A%252F%252Fann%253A${opaque}%2540api.example.com`,
        `next=https%253A%252F%252F${REDACTED}%2540api.example.com`,
      ],
      // Only the colon encoded, and PHP's JSON with escaped slashes.
      [`next=https%3A//ann:${opaque}@host/x`, `next=https%3A//${REDACTED}@host/x`],
      [`{"m":"at https:\\/\\/ann:${opaque}@db\\/x"}`, `{"m":"at https:\\/\\/${REDACTED}@db\\/x"}`],
      // The last `@` ends the user info: an encoded `@` in the password is part of it.
      [`u=https%3A%2F%2Fann%3Ap%2540ss%40host%2Fx`, `u=https%3A%2F%2F${REDACTED}%40host%2Fx`],
      [
        `https://app.example/login?next=https%3A%2F%2Fann%3A${opaque}%40host`,
        `https://app.example/login?next=https%3A%2F%2F${REDACTED}%40host`,
      ],
    ] as const) {
      expect(redactText(text)).toBe(expected);
      expect(redactUrl(text)).not.toContain(opaque);
    }
    // An `@` after the path, the query or another parameter is no user info.
    for (const text of [
      "see https%3A%2F%2Fexample.com%2Fcb%3Femail%3Dbob%40x.com",
      "see https%3A%2F%2Fexample.com%2F%40bob",
      "a=https%3A%2F%2Fexample.com&b=bob%40x.com",
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });

  it("a value after JSON-escaped white space", () => {
    for (const esc of ["\\t", "\\n", "\\r\\n", " \\t "]) {
      const text = `{"message":"password:${esc}${opaque}","n":1}`;
      expect(redactText(text)).toBe(`{"message":"password:${esc}${REDACTED}","n":1}`);
      expect(JSON.parse(redactText(text))).toHaveProperty("n", 1);
    }
  });

  it("what real servers echo back (a probe's findings)", () => {
    for (const [text, expected] of [
      // S3 echoes the session token and the signature it was sent.
      [
        `<Error><Code>InvalidToken</Code><Token-0>${opaque}</Token-0></Error>`,
        `<Error><Code>InvalidToken</Code><Token-0>${REDACTED}</Token-0></Error>`,
      ],
      [
        `<SignatureProvided>${opaque}</SignatureProvided>`,
        `<SignatureProvided>${REDACTED}</SignatureProvided>`,
      ],
      [
        `<wsse:Password Type="#PasswordText">${opaque}</wsse:Password><apiKey>${opaque}</apiKey>`,
        `<wsse:Password Type="#PasswordText">${REDACTED}</wsse:Password><apiKey>${REDACTED}</apiKey>`,
      ],
      // A header line: whatever the scheme, and every cookie.
      [
        `Authorization: SSWS ${opaque}\nAuthorization: ApiKey ${opaque}\nAccept: */*`,
        `Authorization: ${REDACTED}\nAuthorization: ${REDACTED}\nAccept: */*`,
      ],
      [`Authorization: Token token="${opaque}"`, `Authorization: Token ${REDACTED}"`],
      [
        `Host: a\nCookie: theme=dark; PHPSESSID=${opaque}\nAccept: */*`,
        `Host: a\nCookie: ${REDACTED}\nAccept: */*`,
      ],
      [`{"m":"Set-Cookie: sid=${opaque}; Path=/","n":1}`, `{"m":"Set-Cookie: ${REDACTED}","n":1}`],
      // Confirmations, numbered copies, environment files.
      [
        `{"password_confirmation":"${opaque}","passwordConfirmation":"${opaque}","new_password2":"${opaque}"}`,
        `{"password_confirmation":"${REDACTED}","passwordConfirmation":"${REDACTED}","new_password2":"${REDACTED}"}`,
      ],
      [
        `SECRET_KEY_BASE=${opaque}\nAPP_KEY=${opaque}\nSMTP_PASS=${opaque}\nSENDGRID_KEY=${opaque}`,
        `SECRET_KEY_BASE=${REDACTED}\nAPP_KEY=${REDACTED}\nSMTP_PASS=${REDACTED}\nSENDGRID_KEY=${REDACTED}`,
      ],
      [`Invalid API Key: ${opaque}`, `Invalid API Key: ${REDACTED}`],
      // The last @ ends the user info.
      [`postgres://app:p@ss${opaque}@db.internal/x`, `postgres://${REDACTED}@db.internal/x`],
    ] as const) {
      expect(redactText(text)).toBe(expected);
    }
    // Keys a scan only sees by their shape, and PEM private keys.
    for (const token of [
      "SG.abcdEFGH1234ijklMNOP56.qrstUVWXyz01234567abcdEFGH1234ijklMNOP5678q",
      "key-0123456789abcdef0123456789abcdef",
      "pypi-AgEIcHlwaS5vcmcCJDAwMDAwMDAwLTAwMDAtMDAwMA",
      "hf_abcdEFGHijklMNOPqrstUVWXyz012345",
      "dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "dapi0123456789abcdef0123456789abcdef",
      "dp.st.dev.abcdEFGH1234ijklMNOP5678qrst",
      "lin_api_abcdEFGH1234ijklMNOP5678qrstUVWX",
      "SK0123456789abcdef0123456789abcdef",
      "glrt-abcdEFGH1234ijklMNOP5678",
      "xoxe-1-My0xLTEyMzQ1Njc4OTAxMjM0NTY3",
      "GOCSPX-abcdEFGH1234ijklMNOP5678",
      "1//0gabcdefghijklmnopqrstuvwxyz0123456789",
      "gsk_abcdEFGH1234ijklMNOP5678qrstUVWX9012",
      "ntn_abcdEFGH1234ijklMNOP5678qrstUVWX9012ab",
      "bot123456789:AAHabcdEFGH1234ijklMNOP5678qrstUVW",
    ]) {
      expect(redactText(`Credential ${token} was rejected`)).toBe(`Credential ${REDACTED} was rejected`);
    }
    const pem = "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----";
    expect(redactText(`{"message":"bad key: ${pem}","n":1}`)).toBe(
      `{"message":"bad key: ${REDACTED}","n":1}`,
    );
    expect(redactText(`{"message":"failed to parse private key: ${pem}","n":1}`)).toBe(
      `{"message":"failed to parse private key: ${REDACTED}","n":1}`,
    );
    // Secrets in a URL's path or its `code` parameter.
    for (const [url, expected] of [
      [
        "https://api.telegram.org/bot123456789:AAHabcdEFGH1234ijklMNOP5678qrstUVW/sendMessage",
        `https://api.telegram.org/${REDACTED}`,
      ],
      [
        "https://hooks.slack.com/services/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",
        `https://${REDACTED}`,
      ],
      [
        `https://discord.com/api/webhooks/123456789012345678/${"a".repeat(68)}`,
        `https://discord.com/api/${REDACTED}`,
      ],
      [
        `https://fn.azurewebsites.net/api/f?code=${opaque}&x=1`,
        `https://fn.azurewebsites.net/api/f?code=${REDACTED}&x=1`,
      ],
    ] as const) {
      expect(redactUrl(url)).toBe(expected);
    }
  });

  it("a secret named in one member and held in another", () => {
    const echoed = {
      detail: [{ loc: ["body", "password"], input: opaque, msg: "too short" }],
      errors: [
        { type: "field", value: opaque, path: "api_key" },
        { field: "user.password", rejectedValue: opaque, defaultMessage: "size must be 8" },
      ],
      request: {
        headers: [{ name: "X-Api-Key", value: opaque }],
        rawHeaders: [
          ["host", "a"],
          ["x-api-key", opaque],
        ],
      },
      env: [
        { name: "DB_PASSWORD", value: opaque },
        { name: "REGION", value: "eu-west-1" },
      ],
      missing: ["password", "email"],
    };
    const out = redactValue(echoed);
    expect(JSON.stringify(out)).not.toContain(opaque);
    // What names no secret stays, and so does a plain list of field names.
    expect(out).toMatchObject({
      env: [{ name: "DB_PASSWORD" }, { name: "REGION", value: "eu-west-1" }],
      missing: ["password", "email"],
      detail: [{ msg: "too short" }],
    });
    // Through decode: the snapshot's JSON text, the details and every encoded format.
    const err = decode({
      status: 422,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(echoed),
    });
    expect(JSON.stringify(err)).not.toContain(opaque);
    expect(() => JSON.parse(err.response?.body ?? "")).not.toThrow();
    expect(err.response?.body).toContain("eu-west-1");
  });

  it("a value that a validation message echoes after the field it names", () => {
    for (const [text, expected] of [
      [
        `Field error in object 'user' on field 'password': rejected value [${opaque}]; codes [Size]`,
        `Field error in object 'user' on field 'password': rejected value [${REDACTED}]; codes [Size]`,
      ],
      [
        `"password" with value "${opaque}" fails to match`,
        `"password" with value "${REDACTED}" fails to match`,
      ],
      [
        `{"message":"Variable \\"$password\\" got invalid value \\"${opaque}\\"; String cannot"}`,
        `{"message":"Variable \\"$password\\" got invalid value \\"${REDACTED}\\"; String cannot"}`,
      ],
      [
        "Path `password` (`" + opaque + "`) is too short.",
        "Path `password` (`" + REDACTED + "`) is too short.",
      ],
    ] as const) {
      expect(redactText(text)).toBe(expected);
    }
    // Other fields keep their values, and an unclosed value is left as it is.
    for (const text of [
      `"email" with value "bob@example" fails to match`,
      `on field 'email': rejected value [bob@]`,
      `"password" with value "${"x".repeat(300)}`,
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });

  it("a review's findings: text that stays, JSON that stays valid, secrets that go", () => {
    for (const text of [
      '{"message":"Unexpected <token> at line 3","code":"parse_error"}',
      '{"message":"the <SignatureProvided> did not match","code":"SignatureDoesNotMatch"}',
      "usage: login <username> <password> [--remember]",
      "Payment authorization: the card was declined by the issuer",
      "Missing Authorization: you must sign in first",
      "SORT_KEY=created_at",
      "IDEMPOTENCY_KEY=abc-123",
      "ER_DUP_KEY: Can't write",
      "pass: 3 of 5 checks",
      "validate(token): malformed",
      "const output = tokens.map((token) => { return token.value })",
      "skeletonanimationcontrollerversion2",
      "pypi-publish-workflow-for-github-actions-v2",
      "sg.compute-cluster-prod-1.internal-elb-1234567890",
    ]) {
      expect(redactText(text)).toBe(text);
    }
    for (const json of [
      '{"detail":"Key (api_key)=(abc","meta":{"hint":"see docs)"}}',
      '{"message":"Unexpected end of JSON input: {\\"credentials\\":{","code":"E_PARSE"}',
      '{"message":"bad <Password>abc","code":"X"}',
    ]) {
      expect(() => JSON.parse(redactText(json))).not.toThrow();
    }
    for (const text of [
      `DB_PW=${opaque}`,
      `Secret Key: ${opaque}`,
      `{"m":"Authorization: Token token=\\"${opaque}\\"","n":1}`,
      `-----BEGIN PGP PRIVATE KEY BLOCK-----\n${opaque}\n-----END PGP PRIVATE KEY BLOCK-----`,
      `{"m":"-----BEGIN RSA PRIVATE KEY-----\\nMIIE\\/${opaque}\\n-----END RSA PRIVATE KEY-----"}`,
    ]) {
      expect(redactText(text)).not.toContain(opaque);
    }
    expect(redactValue({ name: "tokens", value: 1234 })).toEqual({ name: "tokens", value: 1234 });
    expect(redactValue({ Name: "/prod/db/password", Value: opaque })).toEqual({
      Name: "/prod/db/password",
      Value: REDACTED,
    });
    expect(redactValue({ header: "X-Api-Key", value: opaque })).toEqual({
      header: "X-Api-Key",
      value: REDACTED,
    });
    expect(redactUrl("https://api.example.com/airports?code=JFK")).toBe(
      "https://api.example.com/airports?code=JFK",
    );
  });

  it("a key in parentheses, as SQL diagnostics write it", () => {
    expect(redactText(`DETAIL: Key (api_key)=(${opaque}) already exists.`)).toBe(
      `DETAIL: Key (api_key)=(${REDACTED}) already exists.`,
    );
  });

  it("leaves words after a scheme or a secret name alone when they say a state", () => {
    for (const text of [
      "Basic authentication required",
      "Digest authentication failed",
      "Bearer authentication is required",
      "basic configuration error",
      "Access denied for user 'root'@'localhost' (using password: YES)",
      "Invalid token: expired",
      "password: required",
      "Authorization: required",
      "secret: not_found",
    ]) {
      expect(redactText(text)).toBe(text);
    }
    expect(redactText("Authentication Fails, Your api key: ****abcd is invalid")).toBe(
      "Authentication Fails, Your api key: ****abcd is invalid",
    );
    expect(redactText("password=****")).toBe("password=****");
    expect(redactText("Bearer abcdefghijklmnop")).toBe(`Bearer ${REDACTED}`);
    expect(redactText("Basic dXNlcjpwYXNzd29yZA==")).toBe(`Basic ${REDACTED}`);
    expect(redactText("token: abc123xyz")).toBe(`token: ${REDACTED}`);
  });

  it("signed-URL query parameters", () => {
    for (const param of [
      "X-Amz-Signature",
      "X-Amz-Credential",
      "X-Amz-Security-Token",
      "X-Goog-Signature",
      "X-Goog-Credential",
      "sig",
      "signature",
      "Signature",
      "access_token",
    ]) {
      const url = `https://bucket.example.com/key.txt?X-Amz-Date=20250101T000000Z&${param}=${opaque}&x-id=GetObject`;
      expect(redactUrl(url)).toBe(
        `https://bucket.example.com/key.txt?X-Amz-Date=20250101T000000Z&${param}=${REDACTED}&x-id=GetObject`,
      );
    }
    expect(redactUrl(`https://u:${opaque}@h.example/x`)).toBe(`https://${REDACTED}@h.example/x`);
  });

  it.each([
    ["AWS access key id", "AKIAIOSFODNN7EXAMPLE"],
    ["AWS temporary key id", "ASIAIOSFODNN7EXAMPLE"],
    ["GitHub classic token", "ghp_abcdefghijklmnopqrstuvwxyz0123"],
    ["GitHub OAuth token", "gho_abcdefghijklmnopqrstuvwxyz0123"],
    ["GitHub fine-grained token", "github_pat_11ABCDEFG0123456789_abcdefghijklmnop"],
    ["Slack bot token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"],
    ["Slack user token", "xoxp-123456789012-abcdefghij"],
    ["Stripe secret key", "sk_live_51HxYzAbCdEfGh"],
    ["Stripe test key", "sk_test_51HxYzAbCdEfGh"],
    ["Stripe restricted key", "rk_live_51HxYzAbCdEfGh"],
    ["Stripe publishable key", "pk_test_51HxYzAbCdEfGh"],
    ["Rocketpunch app key", "rp_app_9f8e7d6c5b4a3210"],
    ["JWT", jwt],
    ["Google API key", "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW"],
  ])("%s anywhere in text", (_name, token) => {
    for (const text of [token, `key ${token} revoked`, `"${token}"`, `(${token}).`, `x=${token}`]) {
      const out = redactText(text);
      expect(out).not.toContain(token);
      expect(out).toContain(REDACTED);
      expect(out).not.toContain("]]");
    }
  });

  it("sensitive headers in any spelling", () => {
    for (const name of [
      "Authorization",
      "PROXY-AUTHORIZATION",
      "x-api-key",
      "X-RP-API-Key",
      "Cookie",
      "set-cookie",
      "X-Amz-Security-Token",
      "X-Auth-Token",
      "X-Shopify-Access-Token",
      "Ocp-Apim-Subscription-Key",
      "X-Hub-Signature-256",
    ]) {
      expect(isSensitiveHeader(name)).toBe(true);
      expect(redactHeaders({ [name]: "opaque" })).toEqual({ [name.toLowerCase()]: REDACTED });
    }
    expect(isSensitiveHeader("Idempotency-Key")).toBe(false);
    expect(isSensitiveHeader("X-Request-Id")).toBe(false);
  });

  it("secret-shaped values in any header", () => {
    const headers = redactHeaders({ Link: `<https://x.example/?access_token=${opaque}>; rel="next"` });
    expect(headers.link).not.toContain(opaque);
  });

  it("cuts strings in structured values before scanning", () => {
    const out = redactValue({ note: "a".repeat(100_000) }) as { note: string };
    expect(out.note.length).toBeLessThanOrEqual(16 * 1024 + 1);
  });
});

describe("redaction sees through HTML and XML character references", () => {
  it.each([
    ["<p>password&#61;hunter22</p>", "<p>password&#61;[REDACTED]</p>"],
    [
      "{&quot;password&quot;:&quot;hunter22&quot;,&quot;user&quot;:&quot;ann&quot;}",
      "{&quot;password&quot;:&quot;[REDACTED]&quot;,&quot;user&quot;:&quot;ann&quot;}",
    ],
    ["{&#34;token&#34;: &#34;abc def&#34;}", "{&#34;token&#34;: &#34;[REDACTED]&#34;}"],
    ["?a=1&amp;sig&#x3D;abcdef&amp;b=2", "?a=1&amp;sig&#x3D;[REDACTED]&amp;b=2"],
    ["secret&equals;xyz&amp;next=1", "secret&equals;[REDACTED]&amp;next=1"],
    ["api_key&#58; Zq8vN3rT6yW1pLm0", "api_key&#58; [REDACTED]"],
    ["&quot;password&quot;: 12345", "&quot;password&quot;: [REDACTED]"],
    // Unclosed: the value runs to the next tag.
    ["<x>accessToken&#61;&quot;abcd efgh</x>", "<x>accessToken&#61;&quot;[REDACTED]</x>"],
    // Percent-escaped: a URL-encoded redirect URL or form, JSON in a query parameter.
    [
      "GET /cb?next=%2Flogin%3Fpassword%3Dhunter22%26user%3Dann failed",
      "GET /cb?next=%2Flogin%3Fpassword%3D[REDACTED] failed",
    ],
    [
      "redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Faccess_token%3DZq8vN3rT6yW1pLm0",
      "redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Faccess_token%3D[REDACTED]",
    ],
    [
      "data=%7B%22password%22%3A%22hunter22%22%2C%22user%22%3A%22ann%22%7D",
      "data=%7B%22password%22%3A%22[REDACTED]%22%2C%22user%22%3A%22ann%22%7D",
    ],
    // References with more zeros or without their semicolon, as HTML parsers read them.
    ["password&#0000061;hunter22", "password&#0000061;[REDACTED]"],
    ["password&#61hunter22", "password&#61[REDACTED]"],
    ["header=Bearer%20abcdef1234567890%26x", "header=Bearer%20[REDACTED]%26x"],
    // Encoded spaces after a scheme word: only a credential with a digit is one.
    ["?q=digest+of+the+week&page=2", "?q=digest+of+the+week&page=2"],
    ["?q=basic%20configuration", "?q=basic%20configuration"],
    // Gson's default HTML-safe escaping writes `=` as `\u003d` inside JSON strings.
    [
      '{"error":"login failed for user\\u003dann\\u0026password\\u003dhunter22"}',
      '{"error":"login failed for user\\u003dann\\u0026password\\u003d[REDACTED]"}',
    ],
    ["100%25 done: see %22docs%22", "100%25 done: see %22docs%22"],
    // JSON unicode escapes (Gson, System.Text.Json), double encoding, `+` for a space, form keys in
    // brackets, references escaped twice or with many zeros.
    [
      "bad request: password\\u003d\\u0027hunter22\\u0027",
      "bad request: password\\u003d\\u0027[REDACTED]\\u0027",
    ],
    [
      "{\\u0022client_secret\\u0022:\\u0022hunter22\\u0022}",
      "{\\u0022client_secret\\u0022:\\u0022[REDACTED]\\u0022}",
    ],
    ["Authorization\\u003a Bearer\\u0020abcdefghijklmnop", "Authorization\\u003a Bearer\\u0020[REDACTED]"],
    [
      "next=https%253A%252F%252Fy%252Fcb%253Faccess_token%253Dhunter22",
      "next=https%253A%252F%252Fy%252Fcb%253Faccess_token%253D[REDACTED]",
    ],
    [
      "error_description=Authorization+Bearer+abcdef1234567890",
      "error_description=Authorization+Bearer+[REDACTED]",
    ],
    ["?user%5Bpassword%5D=hunter22&x=1", "?user%5Bpassword%5D=[REDACTED]&x=1"],
    ["?creds[password]=hunter22&x=1", "?creds[password]=[REDACTED]&x=1"],
    ["client_secret[]=hunter22", "client_secret[]=[REDACTED]"],
    ["password&amp;#61;hunter22", "password&amp;#61;[REDACTED]"],
    ["password&#000000000061;hunter22", "password&#000000000061;[REDACTED]"],
    // Encoded prose after a colon stays too.
    [
      "error_description=Invalid+token%3A+Session+has+expired",
      "error_description=Invalid+token%3A+Session+has+expired",
    ],
    // Only the same kind of quote closes a value.
    ["password=%22it%27sSECRET1%22&x=1", "password=%22[REDACTED]%22&x=1"],
    // Ruby and PHP hashes, encoded spaces around the separator, nested form brackets.
    ['{"password"=>"hunter22", "user"=>"ann"}', '{"password"=>"[REDACTED]", "user"=>"ann"}'],
    ["[password] => hunter22\n[user] => ann", "[password] => [REDACTED]\n[user] => ann"],
    ["password%20=%20hunter22&x=1", "password%20=%20[REDACTED]&x=1"],
    ["user[password][0]=hunter22&x=1", "user[password][0]=[REDACTED]&x=1"],
    ["a => b, x=>y", "a => b, x=>y"],
    // Prose after a colon stays, as it does for `:`.
    ["Token&colon; Session has expired.", "Token&colon; Session has expired."],
    ["just &quot;quoted&quot; text &amp; more", "just &quot;quoted&quot; text &amp; more"],
  ])("%s", (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });
});

describe("redaction keeps a JSON text valid around encoded separators and quotes", () => {
  it.each([
    ['{"m":"token%3D","n":"x"}', '{"m":"token%3D","n":"x"}'],
    ['{"m":"token=","n":"x"}', '{"m":"token=","n":"x"}'],
    [
      '{"error_description":"missing password&#61;","request_id":"r1"}',
      '{"error_description":"missing password&#61;","request_id":"r1"}',
    ],
    [
      '{"m":"password=%22abc","n":"x","request_id":"r1"}',
      '{"m":"password=%22[REDACTED]","n":"x","request_id":"r1"}',
    ],
    [
      '{"m":"password=&quot;abc","n":"xyz","o":"&quot;"}',
      '{"m":"password=&quot;[REDACTED]","n":"xyz","o":"&quot;"}',
    ],
    // Escaped JSON inside JSON, an unclosed apostrophe, a unicode escape inside a value (`\u002B`): JSON stays valid.
    ['{"m":"{\\"q\\":\\"token=%22abc\\"}","n":1}', '{"m":"{\\"q\\":\\"token=%22[REDACTED]\\"}","n":1}'],
    ['{"q":"password=\'abc","n":1,"code":"X"}', '{"q":"password=\'[REDACTED]","n":1,"code":"X"}'],
    ['{"m":"a\\u0026token=SECRET1\\u002Bxyz\\u0026b=2"}', '{"m":"a\\u0026token=[REDACTED]\\u0026b=2"}'],
    // A raw body echoed cut after an escaped key, and an escaped quote at the end of a string.
    [
      '{"raw":"{\\"email\\":\\"a@b.c\\",\\"password\\":","code":"E_JSON"}',
      '{"raw":"{\\"email\\":\\"a@b.c\\",\\"password\\":","code":"E_JSON"}',
    ],
    [
      '{"message":"expected value after password=\\"","code":"E_PARSE"}',
      '{"message":"expected value after password=\\"","code":"E_PARSE"}',
    ],
    ['{"m":"password=\\"abc","n":1}', '{"m":"password=\\"[REDACTED]","n":1}'],
  ])("%s", (input, expected) => {
    const out = redactText(input);
    expect(out).toBe(expected);
    expect(() => JSON.parse(out)).not.toThrow();
  });
});

describe("redaction: structures under secret keys", () => {
  it("cuts an unclosed one inside a JSON string where the string ends, and keeps a long JSON one whole", () => {
    const inString = '{"m":"token={abc","n":"x"}';
    expect(redactText(inString)).toBe('{"m":"token=[REDACTED]","n":"x"}');
    const long = JSON.stringify({ password: { note: "n".repeat(600), user: "ann" }, id: "r1" });
    const out = redactText(long);
    expect(JSON.parse(out)).toEqual({ password: "[REDACTED]", id: "r1" });
  });
});

describe("redaction on hostile text", () => {
  it("stays linear on long word runs (no catastrophic backtracking)", () => {
    for (const text of ["x".repeat(200_000), "x-".repeat(100_000), "a_".repeat(100_000)]) {
      expect(redactText(text)).toBe(text);
    }
  });

  it("redacts a secret at the end of a long run only once", () => {
    const out = redactText(`${"eyJ-".repeat(10_000)} Bearer ${jwt}`);
    expect(out.endsWith(`Bearer ${REDACTED}`)).toBe(true);
  });
});

describe("what servers and frameworks echo in their words (leaks closed)", () => {
  const opaque = "Zq8vN3rT6yW1pLm0";
  const signature = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg+/==";
  /** Each case: the text, what it becomes; inside a JSON string too, the JSON stays valid. */
  const expectRedacted = (cases: ReadonlyArray<readonly [string, string]>) => {
    for (const [text, expected] of cases) {
      expect(redactText(text)).toBe(expected);
      const json = JSON.stringify({ message: text, n: 1 });
      const out = redactText(json);
      expect(JSON.parse(out)).toHaveProperty("n", 1);
      expect(out).not.toContain(opaque);
      expect(out).not.toContain(signature);
    }
  };
  const expectKept = (texts: readonly string[]) => {
    for (const text of texts) {
      expect(redactText(text)).toBe(text);
      expect(redactText(JSON.stringify({ message: text }))).toBe(JSON.stringify({ message: text }));
    }
  };

  it("Azure Storage's MAC signature, in its message and in XML", () => {
    expectRedacted([
      [
        `Server failed to authenticate the request. The MAC signature found in the HTTP request '${signature}' is not the same as any computed signature. Server used following string to sign: 'GET\n\n\nx-ms-date:Mon, 01 Jan 2024'.`,
        `Server failed to authenticate the request. The MAC signature found in the HTTP request '${REDACTED}' is not the same as any computed signature. Server used following string to sign: 'GET\n\n\nx-ms-date:Mon, 01 Jan 2024'.`,
      ],
      [
        `<Error><Code>AuthenticationFailed</Code><AuthenticationErrorDetail>The MAC signature found in the HTTP request '${signature}' is not the same as any computed signature.</AuthenticationErrorDetail></Error>`,
        `<Error><Code>AuthenticationFailed</Code><AuthenticationErrorDetail>The MAC signature found in the HTTP request '${REDACTED}' is not the same as any computed signature.</AuthenticationErrorDetail></Error>`,
      ],
      [
        `The MAC signature found in the HTTP request &#039;${signature}&#039; is not the same`,
        `The MAC signature found in the HTTP request &#039;${REDACTED}&#039; is not the same`,
      ],
    ]);
  });

  it("Azure's signature words without a value stay", () => {
    expectKept([
      "The MAC signature found in the HTTP request is not the same as any computed signature.",
      "The MAC signature found in the HTTP request 'not base64!' is invalid",
      "Signature did not match. String to sign used was r",
      "signature mismatch: check your clock",
    ]);
  });

  it("MySQL's duplicate entry of a secret-named key", () => {
    expectRedacted([
      [
        `SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry '${opaque}' for key 'users.api_key'`,
        `SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry '${REDACTED}' for key 'users.api_key'`,
      ],
      [
        `Duplicate entry '${opaque}' for key 'api_token_unique'`,
        `Duplicate entry '${REDACTED}' for key 'api_token_unique'`,
      ],
      [
        `Duplicate entry 'it's ${opaque}' for key 'users_api_key_unique'`,
        `Duplicate entry '${REDACTED}' for key 'users_api_key_unique'`,
      ],
      [
        `Duplicate entry &#039;${opaque}&#039; for key &#039;index_users_on_reset_password_token&#039;`,
        `Duplicate entry &#039;${REDACTED}&#039; for key &#039;index_users_on_reset_password_token&#039;`,
      ],
    ]);
  });

  it("MySQL's duplicate entries of other keys stay", () => {
    expectKept([
      "Duplicate entry '42' for key 'PRIMARY'",
      "Duplicate entry 'ann@example.com' for key 'users.users_email_unique'",
      "Duplicate entry 'ann' for key 'users.username'",
      "Duplicate entry '7-3' for key 'sort_key'",
      "Duplicate entry '' for key 'api_key'",
    ]);
  });

  it("PHP's print_r and var_dump, and PHP arrays", () => {
    expectRedacted([
      [
        `Array\n(\n    [email] => ann@example.com\n    [password] => correct horse ${opaque}\n    [remember] => 1\n)`,
        `Array\n(\n    [email] => ann@example.com\n    [password] => ${REDACTED}\n    [remember] => 1\n)`,
      ],
      [
        `array(2) {\n  ["email"]=>\n  string(15) "ann@example.com"\n  ["api_key"]=>\n  string(19) "${opaque}"x""\n}`,
        `array(2) {\n  ["email"]=>\n  string(15) "ann@example.com"\n  ["api_key"]=>\n  string(19) "${REDACTED}"\n}`,
      ],
      [
        `['email' => 'ann@example.com', 'password' => '${opaque}']`,
        `['email' => 'ann@example.com', 'password' => '${REDACTED}']`,
      ],
    ]);
    // An empty print_r value does not take the next line.
    expect(redactText("[password] => \n[user] => ann")).toBe("[password] => \n[user] => ann");
    expectKept(["[count] => 3\n[status] => active", '["id"]=>\n  int(7)']);
  });

  it("Go MySQL DSNs and command lines", () => {
    expectRedacted([
      [
        `Error 1045: Access denied; dsn=app:${opaque}@tcp(db:3306)/app?parseTime=true`,
        `Error 1045: Access denied; dsn=${REDACTED}@tcp(db:3306)/app?parseTime=true`,
      ],
      [`open root:${opaque}@unix(/tmp/mysql.sock)/app`, `open ${REDACTED}@unix(/tmp/mysql.sock)/app`],
      [`curl -u bob:${opaque} https://api.example.com`, `curl -u bob:${REDACTED} https://api.example.com`],
      [`curl --user 'bob:${opaque}' https://x.example`, `curl --user 'bob:${REDACTED}' https://x.example`],
      [`mysql -h db -u root -p${opaque} app`, `mysql -h db -u root -p${REDACTED} app`],
      [`mysqldump -uroot -p'${opaque}' app`, `mysqldump -uroot -p'${REDACTED}' app`],
      [
        `deploy --password=${opaque} --api-token ${opaque} --region eu`,
        `deploy --password=${REDACTED} --api-token ${REDACTED} --region eu`,
      ],
    ]);
  });

  it("command lines and addresses without a secret stay", () => {
    expectKept([
      "dial tcp 10.0.0.1:3306: connect: connection refused",
      "root@tcp(db:3306)/app",
      "docker run -u 1000:1000 app",
      "mysql -u root -p app",
      "mkdir -p /var/lib/app && sudo -u www-data ls",
      "docker login --password-stdin --username bob",
      "run --token-file /etc/token --verbose",
    ]);
  });

  it("debug pages' environment tables (Whoops, Symfony, Django)", () => {
    const whoops = `<tr>\n  <td>DB_PASSWORD</td>\n  <td><pre class=sf-dump id=sf-dump-1 data-indent-pad="  ">"<span class=sf-dump-str title="16 characters">${opaque}</span>"\n</pre><script>Sfdump("sf-dump-1")</script>\n</td>\n</tr>`;
    expectRedacted([
      [`<td>DB_PASSWORD</td><td>${opaque}</td>`, `<td>DB_PASSWORD</td><td>${REDACTED}</td>`],
      [
        `<tr><th scope="row">APP_SECRET</th>\n<td class="value">${opaque}</td></tr>`,
        `<tr><th scope="row">APP_SECRET</th>\n<td class="value">${REDACTED}</td></tr>`,
      ],
      [
        `<tr><td>APP_KEY</td><td>base64:${opaque}=</td></tr>`,
        `<tr><td>APP_KEY</td><td>${REDACTED}</td></tr>`,
      ],
      [whoops, `<tr>\n  <td>DB_PASSWORD</td>\n  <td>${REDACTED}</td>\n</tr>`],
    ]);
    expectKept([
      '<tr><td class="data-table-k">Key</td><td class="data-table-v">Value</td></tr>',
      "<tr><td>APP_ENV</td><td>local</td></tr><tr><td>DB_HOST</td><td>127.0.0.1</td></tr>",
      // An unclosed cell is left as it is.
      "<td>DB_PASSWORD</td><td>unclosed<tr><td>x</td></tr>",
    ]);
  });

  it("XML attributes, CDATA and escaped XML", () => {
    expectRedacted([
      [
        `<param name="password" value="${opaque}"/><param name="timeout" value="30"/>`,
        `<param name="password" value="${REDACTED}"/><param name="timeout" value="30"/>`,
      ],
      [`<add key="DbPassword" value="${opaque}" />`, `<add key="DbPassword" value="${REDACTED}" />`],
      [
        `<password><![CDATA[${opaque}]]></password><user>ann</user>`,
        `<password><![CDATA[${REDACTED}]]></password><user>ann</user>`,
      ],
      [
        `&lt;Credentials&gt;&lt;Password&gt;${opaque}&amp;x&lt;/Password&gt;&lt;/Credentials&gt;`,
        `&lt;Credentials&gt;&lt;Password&gt;${REDACTED}&lt;/Password&gt;&lt;/Credentials&gt;`,
      ],
    ]);
    // Go's JSON writes `<` as `\u003c`.
    expect(redactText(`{"body":"\\u003cPassword\\u003e${opaque}\\u003c/Password\\u003e"}`)).toBe(
      `{"body":"\\u003cPassword\\u003e${REDACTED}\\u003c/Password\\u003e"}`,
    );
    expectKept([
      '<param name="timeout" value="30"/>',
      "&lt;Code&gt;AccessDenied&lt;/Code&gt;",
      "<Code><![CDATA[AccessDenied]]></Code>",
    ]);
  });

  it("Laravel's SQL with its bindings, and password hashes anywhere", () => {
    const bcrypt = "$2y$10$abcdefghijklmnopqrstuuVWXYZ0123456789abcdefghijklmnopq";
    expectRedacted([
      [
        `SQLSTATE[23000]: Integrity constraint violation (Connection: mysql, SQL: insert into users (email, password, api_token, created_at) values (a@b.c, ${bcrypt}, ${opaque}, 2024-01-01 00:00:00))`,
        `SQLSTATE[23000]: Integrity constraint violation (Connection: mysql, SQL: insert into users (email, password, api_token, created_at) values (a@b.c, ${REDACTED}, ${REDACTED}, 2024-01-01 00:00:00))`,
      ],
      [
        `(SQL: insert into \`users\` (\`name\`, \`remember_token\`) values (Ann, ${opaque}))`,
        `(SQL: insert into \`users\` (\`name\`, \`remember_token\`) values (Ann, ${REDACTED}))`,
      ],
      // Values that do not pair with the columns (one holds `, `): the hash still goes.
      [
        `(SQL: insert into users (name, password) values (Doe, Ann, ${bcrypt}))`,
        `(SQL: insert into users (name, password) values (Doe, Ann, ${REDACTED}))`,
      ],
      [
        "hash $argon2id$v=19$m=65536,t=4,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG was rejected",
        `hash ${REDACTED} was rejected`,
      ],
    ]);
    expectKept([
      "(Connection: mysql, SQL: insert into users (email, name) values (a@b.c, Ann))",
      "(SQL: select * from users where token_type = bearer)",
      "costs $2 and $10",
    ]);
  });

  it("lower-case environment names ending in _key or _secret", () => {
    expectRedacted([
      [`stripe_key=${opaque}\nregion=eu`, `stripe_key=${REDACTED}\nregion=eu`],
      [`mailgun_secret=${opaque}`, `mailgun_secret=${REDACTED}`],
    ]);
    expectKept(["sort_key=created_at", "primary_key=id\nerror_key=validation.required", "a monkey=business"]);
    // Keys of data keep their values.
    expect(redactText('{"issue_key":"PROJ-12","partition_key":"p1"}')).toBe(
      '{"issue_key":"PROJ-12","partition_key":"p1"}',
    );
  });

  it("Atlassian API tokens and Digest responses", () => {
    const atlassian = `ATATT3xFfGF0${"aB3_-x9Z".repeat(22)}=0A1B2C3D`;
    expectRedacted([
      [`Basic auth with ${atlassian} failed`, `Basic auth with ${REDACTED} failed`],
      [
        `> Authorization: Digest username="bob", realm="api", nonce="dcd98b7102dd2f0e", uri="/x", response="6629fae49393a05397450978507c4ef1", qop=auth`,
        `> Authorization: Digest ${REDACTED}"bob", realm="api", nonce="dcd98b7102dd2f0e", uri="/x", response="${REDACTED}", qop=auth`,
      ],
    ]);
    expect(redactText(JSON.stringify({ m: `${atlassian}` }))).toBe(JSON.stringify({ m: REDACTED }));
    expectKept([
      'response="6629fae49393a05397450978507c4ef1"',
      "Digest authentication failed",
      "the response was 6629fae49393a05397450978507c4ef1",
    ]);
  });

  it("keeps JSON valid around every one of these shapes (property)", () => {
    const pieces = [
      "signature found in the HTTP request '",
      "Duplicate entry '",
      "' for key 'users.api_key'",
      "[password] => ",
      '["api_key"]=> string(4) "',
      "root:pw@tcp(db)",
      "curl -u bob:",
      "mysql -p",
      "--token ",
      "<td>DB_PASSWORD</td><td>",
      "</td>",
      "<password><![CDATA[",
      "]]>",
      "&lt;Password&gt;",
      "&lt;/Password&gt;",
      "SQL: insert into users (email, password) values (",
      "))",
      ", ",
      "$2y$10$abcdefghijklmnopqrstuuVWXYZ0123456789abcdefghijklmnopq",
      "stripe_key=",
      "\n",
      "Digest response=",
      "6629fae49393a05397450978507c4ef1",
      '"',
      "'",
      "\\",
      " ",
      opaque,
    ];
    keepsJsonValid(pieces);
  });

  it("a value never runs across the end of its JSON string (the property's findings)", () => {
    for (const [value, expected] of [
      // A structure escaped inside a JSON string, an escaped backslash before the string's end, a
      // structure that does not close within the string, an echoed value that does not either.
      ['token=[\\"api_key\\"] x', "token=[REDACTED] x"],
      ["token=&#039;\\\\", "token=&#039;[REDACTED]"],
      ['name=\\"password\\"=>{', 'name=\\"password\\"=>\\"[REDACTED]\\"'],
    ] as const) {
      const text = `{"a":"${value}","b":"}"}`;
      expect(redactText(text)).toBe(`{"a":"${expected}","b":"}"}`);
    }
    for (const text of [
      '{"password: [":"}"}',
      '{"":"name=\\"password\\" value=\\""," value=\\"":""}',
      '{"":"<td>DB_PASSWORD</td><td>","</td>":""}',
      '{"":"curl -u bob:[\\"api_key\\"]=> string(4) \\""}',
    ]) {
      expect(() => JSON.parse(redactText(text))).not.toThrow();
    }
  });

  it("ordinary error prose stays", () => {
    expectKept([
      "password is too short",
      "token expired",
      "The request signature we calculated does not match the signature you provided.",
      "Duplicate entry for key",
      "SQLSTATE[HY000] [2002] Connection refused (Connection: mysql, SQL: select * from users)",
      "Please insert into the form a value",
    ]);
  });
});

describe("the cheap tests before the scanner never skip a secret", () => {
  // Pieces of every secret shape, name, scheme and separator, in several cases, plus filler.
  const pieces = [
    // Words that start like hint words and go on otherwise.
    "seconds",
    "Credit",
    "account",
    "ABILITY",
    "Sessile",
    "Author",
    "Tokyo",
    "Paste",
    "Based",
    "Beam",
    "Digit",
    "Cool",
    "github.com",
    "Hooray",
    "website",
    "Linear",
    "Negative",
    "password",
    "Passwd",
    "PWD",
    "client_secret",
    "Credentials",
    "X-Amz-Signature",
    "sig",
    "Cookie",
    "accessToken",
    "Authorization",
    "apiKey",
    "SESSION_ID",
    "rp_app_",
    "sk_live_",
    "SK_LIVE_",
    "Rk_Test_",
    "sk-proj-",
    "whsec_",
    "ghp_",
    "GITHUB_PAT_",
    "glpat-",
    "xoxb-",
    "Xapp-",
    "shpat_",
    "npm_",
    "AKIA",
    "asia",
    "AIza",
    "ya29.",
    "eyJ",
    "EYJ",
    "eyJhbGciOiJIUzI1NiJ9.",
    "Bearer ",
    "basic ",
    "NTLM ",
    "token ",
    "Bot ",
    "https://",
    "://",
    "user:pw",
    "@",
    "=",
    ":",
    '"',
    "'",
    " ",
    "\\n",
    '\\"',
    "{",
    "}",
    "[",
    "&",
    "&quot;",
    "&#39;",
    "&#61;",
    "&#x3A;",
    "&colon;",
    "&equals;",
    "&#0000061",
    "%3D",
    "%3a",
    "%22",
    "%3F",
    "%26",
    "%3A%2F%2F",
    "%253A%252F%252F",
    "%40",
    "%2540",
    "%2F",
    "%3A//",
    ":\\/\\/",
    " with value ",
    "DB_PW",
    "<Password>",
    "</Password>",
    "<wsse:Token-0 a=1>",
    "(api_key)",
    "Authorization: ",
    "Cookie: ",
    "-----BEGIN PRIVATE KEY-----",
    "SG.",
    "1//0",
    "rejected value [",
    "]",
    "(`",
    "`",
    "$",
    "\\t",
    "%20",
    "=>",
    "[0]",
    "\\u003d",
    "\\u0026",
    "?",
    "/",
    "_",
    "-",
    ".",
    "abcdefghijklmnop",
    "ABCDEFGHIJKLMNOP0123",
    "0123456789",
    // Phrases, command lines, tables, escaped XML, SQL, hashes and tokens of the later patterns.
    "signature found in the HTTP request ",
    "Duplicate entry ",
    " for key ",
    "users.api_key",
    "_unique",
    "PRIMARY",
    "&#039;",
    "\\u0027",
    "Zm9vYmFy+/==",
    "[password] => ",
    '["api_key"]=>',
    " string(16) ",
    "string(3) ",
    "@tcp(",
    "@unix(",
    "root:pw",
    "-u ",
    "--user ",
    "mysql ",
    " -p",
    "--token ",
    "--api-key=",
    "<td>",
    "</td>",
    "<th class=x>",
    "</th>",
    "<tr>",
    "DB_PASSWORD",
    "APP_KEY",
    "<![CDATA[",
    "]]>",
    "<password>",
    "&lt;Password&gt;",
    "&lt;/Password&gt;",
    "&amp;",
    "\\u003cToken\\u003e",
    "\\u003c/Token\\u003e",
    "SQL: insert into users (",
    "email, password",
    ") values (",
    ", ",
    ")",
    "(",
    "$2y$10$",
    "$argon2id$v=19$m=65536,t=4,p=1$",
    "c29tZXNhbHQ$",
    "abcdefghijklmnopqrstuuVWXYZ0123456789abcdefghijklmnopq",
    "stripe_key",
    "\n",
    "ATATT3",
    "ATATT3xFfGF0abcdefghijklmnopqrstuvwxyz",
    "Digest ",
    "response=",
    "6629fae49393a05397450978507c4ef1",
    " value=",
    'name="password"',
    // Short parameter names, and values after a secret's name and white space.
    "pass",
    "pw",
    "PW",
    "Passcode",
    "auth",
    "session",
    "sid",
    "SID",
    "otp",
    "pin",
    "Pin",
    "code_verifier",
    "CODE_VERIFIER",
    "code",
    "_verifier",
    "inside",
    "mapping",
    "%2526",
    "%253F",
    "\t",
    " value ",
    " header value ",
    " mismatch: got ",
    "API key ",
    "x-api-key ",
    "refresh_token ",
    "Unexpected token ",
    "8f14e45fceea167a5a36dedd4bea2543",
    "a1b2c3d4e5f6a7b8",
    "Hunter2!x",
  ];
  const join = (min: number, max: number) =>
    fc.array(fc.constantFrom(...pieces), { minLength: min, maxLength: max }).map((p) => p.join(""));
  // Short texts hold one candidate alone (nothing else lets them through); long ones mix many.
  const text = fc.oneof(join(1, 4), join(1, 24), fc.string({ maxLength: 200 }));

  it("whenever the scanner would change a text, the cheap tests let it through (property)", () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(redactText(t)).toBe(scanText(t));
      }),
      { numRuns: 20_000 },
    );
  });

  it("key shapes in any case, with or without other words around them", () => {
    expect(redactText("SK_LIVE_abcdefgh1234")).toBe(REDACTED);
    expect(redactText("key SK_LIVE_abcdefgh1234")).toBe(`key ${REDACTED}`);
    expect(redactText("see https://docs.example.com/errors#auth")).toBe(
      "see https://docs.example.com/errors#auth",
    );
    expect(redactText("at https://u:p@host.example/x")).toBe(`at https://${REDACTED}@host.example/x`);
  });
});

describe("a value parsed from a clean text is its own redacted copy", () => {
  const cleanParsed = (value: unknown): unknown => {
    const source = JSON.stringify(value);
    return source !== undefined && isCleanText(source) && !source.includes("\\")
      ? JSON.parse(source)
      : undefined;
  };

  it("equals redactValue's copy (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        const parsed = cleanParsed(value);
        if (parsed === undefined) return;
        expect(redactCleanValue(parsed)).toEqual(redactValue(JSON.parse(JSON.stringify(value))));
      }),
      { numRuns: 2_000 },
    );
  });

  it("is cut like redactValue's copy beyond the walk's limits", () => {
    let deep: unknown = "end";
    for (let i = 0; i < 20; i++) deep = [deep];
    const wide = Array.from({ length: 2_500 }, (_, i) => ({ i }));
    const long = { note: "a".repeat(20_000) };
    for (const value of [deep, wide, long]) {
      const parsed = JSON.parse(JSON.stringify(value));
      expect(redactCleanValue(parsed)).toEqual(redactValue(parsed));
      expect(redactCleanValue(parsed)).not.toBe(parsed);
    }
  });
});

describe("a key shape inside a name that is no secret's", () => {
  it("is found where it starts: after a dot, or after a JSON escape", () => {
    expect(redactText("x.sk_live_abcdefgh12345678=1")).not.toContain("abcdefgh12345678");
    expect(redactText("cfg.AKIAABCDEFGHIJKLMNOP=1")).not.toContain("AKIAABCDEFGHIJKLMNOP");
    const escaped = JSON.stringify({ m: "a\nsk_live_abcdefgh12345678=1" });
    const out = redactText(escaped);
    expect(out).not.toContain("abcdefgh12345678");
    expect(() => JSON.parse(out)).not.toThrow();
  });

  it("leaves names with no key shape, and shapes glued to a word, as they are", () => {
    for (const text of ["a.b.c=1", "db.host=localhost", "skip_list.sk_lives=3"])
      expect(redactText(text)).toBe(text);
  });
});

describe("an outside probe's leaks: short parameter names, values after a secret's name and a space", () => {
  const opaque = "Zq8vN3rT6yW1pLm0";
  /** Each case: the text, what it becomes; inside a JSON string too, the JSON stays valid. */
  const expectRedacted = (cases: ReadonlyArray<readonly [string, string]>) => {
    for (const [text, expected] of cases) {
      expect(redactText(text)).toBe(expected);
      const out = redactText(JSON.stringify({ message: text, n: 1 }));
      expect(JSON.parse(out)).toEqual({ message: expected, n: 1 });
    }
  };
  const expectKept = (texts: readonly string[]) => {
    for (const text of texts) {
      expect(redactText(text)).toBe(text);
      expect(redactText(JSON.stringify({ message: text }))).toBe(JSON.stringify({ message: text }));
    }
  };

  it("short secret names as query parameters (the probe's URL)", () => {
    expect(
      redactUrl(
        "https://x/login?user=bob&pass=Hunter2Sup3r&pw=Hunter2Sup3r&auth=a9f8e7d6c5b4&session=sess_8842abcd",
      ),
    ).toBe(`https://x/login?user=bob&pass=${REDACTED}&pw=${REDACTED}&auth=${REDACTED}&session=${REDACTED}`);
    expect(
      redactUrl(
        `https://x/cb?PWD=${opaque}&passcode=${opaque}&sid=${opaque}&otp=123456&PIN=1234&code_verifier=${opaque}&page=2`,
      ),
    ).toBe(
      `https://x/cb?PWD=${REDACTED}&passcode=${REDACTED}&sid=${REDACTED}&otp=${REDACTED}&PIN=${REDACTED}&code_verifier=${REDACTED}&page=2`,
    );
  });

  it("short secret names in form bodies, encoded and escaped query strings", () => {
    expectRedacted([
      [`pass=${opaque}&user=bob`, `pass=${REDACTED}&user=bob`],
      [`user=bob&pw=${opaque}&remember=1`, `user=bob&pw=${REDACTED}&remember=1`],
      [`body:\npin=1234&otp=987654`, `body:\npin=${REDACTED}&otp=${REDACTED}`],
      [`a=1&amp;session=${opaque}`, `a=1&amp;session=${REDACTED}`],
      // In an encoded URL the value runs on over what follows (`%26` ends no value), as for long names.
      [`next=%2Fcb%3Fauth%3D${opaque}%26x%3D1`, `next=%2Fcb%3Fauth%3D${REDACTED}`],
      [`redirect /cb?x=1%26sid%3D${opaque} now`, `redirect /cb?x=1%26sid%3D${REDACTED} now`],
    ]);
    expect(redactText(`{"q":"user=ann\\u0026pass=${opaque}"}`)).toBe(
      `{"q":"user=ann\\u0026pass=${REDACTED}"}`,
    );
  });

  it("short names in prose, as JSON keys, or with nothing after them stay", () => {
    expectKept([
      "password is too short",
      "Invalid token",
      "the session expired",
      "pass the value",
      "auth required",
      "OTP sent",
      "PIN must have 4 digits",
      "the pin=4 layout of the board",
      "session: expired",
      "?page=2&sort=asc",
      "https://x/login?session=&pass=&page=2",
      "?auth=true&pin=null",
      "code_verifier must be 43 characters",
      "mapping inside the otp column",
    ]);
    expect(redactText('{"pin":"1234","session":"s1","auth":"basic"}')).toBe(
      '{"pin":"1234","session":"s1","auth":"basic"}',
    );
  });

  it("a quoted value after a secret's name and a space", () => {
    expectRedacted([
      ["password 'Hunter2!Sup3rS3cret' does not meet policy", `password '${REDACTED}' does not meet policy`],
      [
        "Login failed for user 'sa' with password 'Hunter2!x'",
        `Login failed for user 'sa' with password '${REDACTED}'`,
      ],
      ['token "abc123xyz987" is invalid', `token "${REDACTED}" is invalid`],
      [`API key '${opaque}' was revoked`, `API key '${REDACTED}' was revoked`],
      [`client_secret value "${opaque}" rejected`, `client_secret value "${REDACTED}" rejected`],
      // Decided: a quoted value after `token` is the token, however short.
      ["token 'abc' not found", `token '${REDACTED}' not found`],
    ]);
    // Escaped quotes inside a JSON string.
    expect(redactText('{"message":"token \\"abc123xyz987\\" is invalid"}')).toBe(
      `{"message":"token \\"${REDACTED}\\" is invalid"}`,
    );
  });

  it("quoted words a parser, a line break or a JSON string's end bound stay", () => {
    expectKept([
      "Unexpected token '<', \"<!DOCTYPE \"... is not valid JSON",
      "JSON parse error: Unrecognized token 'tru': was expecting ('true', 'false' or 'null')",
      "expected token '}' at 3",
      "password 'never closed",
      "password 'a\nb'",
      "password '' is empty",
      `password '${"a".repeat(300)}'`,
      "the field 'password' is required",
    ]);
    // In a JSON text a bare `"` ends the string; it opens no value.
    for (const text of ['{"m":"the token ","n":"abc"}', '{"m":"password \'","n":"x\'"}'])
      expect(redactText(text)).toBe(text);
  });

  it("a token after a secret's name and white space", () => {
    expectRedacted([
      ["API key 8f14e45fceea167a5a36dedd4bea2543 is not valid", `API key ${REDACTED} is not valid`],
      ["x-api-key header value a1b2c3d4e5f6a7b8c9d0 rejected", `x-api-key header value ${REDACTED} rejected`],
      ["client_secret mismatch: got 9c0f1e2d3c4b5a69", `client_secret mismatch: got ${REDACTED}`],
      ["invalid refresh_token rt_9f8e7d6c5b4a39281706.", `invalid refresh_token ${REDACTED}.`],
      ["password\tHunter2Sup3rS3cret+/= ok", `password\t${REDACTED} ok`],
    ]);
  });

  it("words, short values and values without a digit after a secret's name stay", () => {
    expectKept([
      "API key is missing",
      "API key abcdefghijklmnop is not valid",
      "refresh_token expired",
      "token has been revoked",
      "client_secret mismatch: got 9c0f1e2d",
      "password 1234567890123456 rejected",
      "user ann 8f14e45fceea167a5a36dedd4bea2543",
      "the key 8f14e45fceea167a5a36dedd4bea2543 of the map",
    ]);
  });

  it("keeps JSON valid where a bare quote follows an echoed name (the property's findings)", () => {
    for (const text of [
      '{"list":[],"dict":{"password\\" header value ":""},"n":1}',
      '{"dict":{"password\\" value ":"x"},"n":1}',
    ]) {
      expect(redactText(text)).toBe(text);
    }
    expect(redactText(`{"m":"a\\npin=1234"}`)).toBe(`{"m":"a\\npin=${REDACTED}"}`);
  });

  it("keeps JSON valid around these shapes (property)", () => {
    const pieces = [
      "password",
      "API key",
      "x-api-key",
      "refresh_token",
      " ",
      "\t",
      " value ",
      " header value ",
      " mismatch: got ",
      "'",
      '"',
      '\\"',
      "\\",
      "\n",
      "8f14e45fceea167a5a36dedd4bea2543",
      "Hunter2!x",
      ".",
      "?pass=",
      "&pw=",
      "&amp;pin=",
      "%26sid%3D",
      "code_verifier=",
      opaque,
    ];
    keepsJsonValid(pieces);
  });
});
