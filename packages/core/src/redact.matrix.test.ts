/**
 * The redaction matrix: every secret shape, in every place an error can pick it up, on every
 * surface an error shows. Uses only the public API.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { type ApiError, decode, encode, fromUnknown, reviveError, wireFormats } from "./index";

/** Secrets recognizable by their shape alone. */
const shaped: ReadonlyArray<readonly [string, string]> = [
  ["Rocketpunch app key", "rp_app_9f8e7d6c5b4a3210"],
  ["Stripe live secret key", "sk_live_51HxYzAbCdEfGhIj"],
  ["Stripe test secret key", "sk_test_51HxYzAbCdEfGhIj"],
  ["Stripe restricted key", "rk_live_51HxYzAbCdEfGhIj"],
  ["Stripe publishable key", "pk_live_51HxYzAbCdEfGhIj"],
  ["OpenAI project key", "sk-proj-abcdefghijklmnopqrstuv"],
  ["GitHub classic token", "ghp_abcdefghijklmnopqrstuvwxyz0123"],
  ["GitHub OAuth token", "gho_abcdefghijklmnopqrstuvwxyz0123"],
  ["GitHub fine-grained token", "github_pat_11ABCDEFG0123456789_abcdefghijkl"],
  ["Slack bot token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKl"],
  ["AWS access key id", "AKIAIOSFODNN7EXAMPLE"],
  ["AWS temporary key id", "ASIAIOSFODNN7EXAMPLE"],
  ["JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"],
];

/** A secret with no recognizable shape: only its place (a secret-named key, a header) gives it away. */
const opaque: readonly [string, string] = ["opaque secret", "Zq8vN3rT6yW1pLm0"];

interface Place {
  readonly name: string;
  /** Whether the place itself marks the value as secret (so opaque secrets are redacted too). */
  readonly named: boolean;
  readonly make: (secret: string) => ApiError;
}

const body = (value: unknown): string => JSON.stringify(value);

const places: readonly Place[] = [
  {
    name: "response header Authorization (upper case)",
    named: true,
    make: (s) => decode({ status: 401, headers: { AUTHORIZATION: `Bearer ${s}` }, body: "" }),
  },
  {
    name: "response header x-api-key (mixed case)",
    named: true,
    make: (s) => decode({ status: 401, headers: { "X-Api-KEY": s }, body: "" }),
  },
  {
    name: "response header Set-Cookie",
    named: true,
    make: (s) => decode({ status: 401, headers: [["Set-Cookie", `sid=${s}; HttpOnly`]], body: "" }),
  },
  {
    name: "response header X-Amz-Security-Token (Headers object)",
    named: true,
    make: (s) => decode({ status: 403, headers: new Headers({ "X-Amz-Security-Token": s }), body: "" }),
  },
  {
    name: "an ordinary response header holding a URL with a token",
    named: true,
    make: (s) =>
      decode({ status: 401, headers: { Link: `<https://api.example.com/x?access_token=${s}>` }, body: "" }),
  },
  {
    name: "request headers and URL of a thrown client error",
    named: true,
    make: (s) =>
      fromUnknown({
        name: "AxiosError",
        message: `Request failed for https://api.example.com/v1?api_key=${s}`,
        config: { url: `https://api.example.com/v1?api_key=${s}`, headers: { Authorization: `Bearer ${s}` } },
        request: { headers: { "x-api-key": s } },
        response: { status: 401, headers: { "x-request-id": "req_1" }, data: { code: "UNAUTHORIZED" } },
      }),
  },
  {
    name: "URL query api_key",
    named: true,
    make: (s) => decode({ status: 401, url: `https://api.example.com/v1/me?api_key=${s}&page=2`, body: "" }),
  },
  {
    name: "URL user info",
    named: true,
    make: (s) => decode({ status: 401, url: `https://ann:${s}@api.example.com/v1/me`, body: "" }),
  },
  {
    name: "signed URL (X-Amz-Signature, X-Amz-Credential)",
    named: true,
    make: (s) =>
      decode({
        status: 403,
        url: `https://b.s3.amazonaws.com/k?X-Amz-Credential=${s}%2F20250101&X-Amz-Signature=${s}`,
        body: "",
      }),
  },
  {
    name: "message text",
    named: false,
    make: (s) =>
      decode({ status: 401, body: body({ error: { code: "UNAUTHORIZED", message: `Key ${s} revoked` } }) }),
  },
  {
    name: "message text with a URL carrying credentials",
    named: true,
    make: (s) =>
      decode({
        status: 502,
        body: body({ message: `GET https://u:${s}@h.example/x?token=${s} failed`, code: "UPSTREAM" }),
      }),
  },
  {
    name: "message after a JSON escape",
    named: true,
    make: (s) => decode({ status: 400, body: body({ code: "BAD", message: `bad request\npassword=${s}` }) }),
  },
  {
    name: "body under secret-named keys (camelCase, snake, kebab)",
    named: true,
    make: (s) =>
      decode({
        status: 400,
        body: body({
          error: {
            code: "BAD",
            message: "rejected",
            details: { accessToken: s, client_secret: s, "x-api-key": s, nested: { refreshToken: s } },
          },
        }),
      }),
  },
  {
    name: "body arrays and objects under secret-named keys",
    named: true,
    make: (s) =>
      decode({
        status: 400,
        body: body({
          code: "BAD",
          message: "rejected",
          details: { credentials: { user: "ann", key: s }, tokens: [s] },
        }),
      }),
  },
  {
    name: "details strings",
    named: false,
    make: (s) =>
      decode({ status: 400, body: body({ error: { code: "BAD", details: [`use ${s}`, { hint: s }] } }) }),
  },
  {
    name: "code",
    named: false,
    make: (s) => decode({ status: 401, body: body({ code: s, message: "no" }) }),
  },
  {
    name: "requestId",
    named: false,
    make: (s) => decode({ status: 401, body: body({ code: "X", message: "no", request_id: s }) }),
  },
  {
    name: "field",
    named: false,
    make: (s) => decode({ status: 400, body: body({ error: { code: "X", message: "no", param: s } }) }),
  },
  {
    name: "plain-text body",
    named: true,
    make: (s) =>
      decode({ status: 401, headers: { "content-type": "text/plain" }, body: `Authorization: Bearer ${s}` }),
  },
  {
    name: "HTML error page with character references (password&#61;...)",
    named: true,
    make: (s) =>
      decode({
        status: 500,
        headers: { "content-type": "text/html" },
        body: `<html><body><h1>Error</h1><p>login failed for password&#61;${s}&amp;user&#x3D;ann</p></body></html>`,
      }),
  },
  {
    name: "escaped JSON shown in an HTML page (&quot;token&quot;:&quot;...&quot;)",
    named: true,
    make: (s) =>
      decode({
        status: 502,
        headers: { "content-type": "text/html" },
        body: `<pre>{&quot;accessToken&quot;: &quot;${s}&quot;, &#34;client_secret&#34;&#58;&#34;${s}&#34;}</pre>`,
      }),
  },
  {
    name: "URL-encoded redirect URL in a message and in the request URL",
    named: true,
    make: (s) =>
      decode({
        status: 400,
        url: `https://api.example.com/oauth/cb?next=https%3A%2F%2Fapp.example%2Fcb%3Faccess_token%3D${s}`,
        body: body({ code: "BAD_REDIRECT", message: `bad redirect_uri https%3A%2F%2Fapp%3Fpassword%3D${s}` }),
      }),
  },
  {
    name: "Gson-escaped JSON body (= and & as \\u003d and \\u0026)",
    named: true,
    make: (s) =>
      decode({
        status: 401,
        headers: { "content-type": "application/json" },
        body: `{"code":"AUTH_FAILED","message":"login failed for user\\u003dann\\u0026password\\u003d${s}"}`,
      }),
  },
  {
    name: "XML fault with an escaped query string",
    named: true,
    make: (s) =>
      decode({
        status: 403,
        headers: { "content-type": "application/xml" },
        body: `<Error><Code>AccessDenied</Code><Message>denied for ?a=1&amp;X-Amz-Signature&equals;${s}</Message></Error>`,
      }),
  },
  {
    name: "Azure Storage 403 echoing the request's MAC signature",
    named: true,
    make: (s) =>
      decode({
        status: 403,
        headers: { "content-type": "application/xml" },
        body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.</Message><AuthenticationErrorDetail>The MAC signature found in the HTTP request '${s}' is not the same as any computed signature. Server used following string to sign: 'GET\n\n\n'.</AuthenticationErrorDetail></Error>`,
      }),
  },
  {
    name: "Laravel SQL error with bindings and a duplicate secret entry",
    named: true,
    make: (s) =>
      decode({
        status: 500,
        body: body({
          message: `SQLSTATE[23000]: Integrity constraint violation: 1062 Duplicate entry '${s}' for key 'users.users_api_token_unique' (Connection: mysql, SQL: insert into users (email, api_token) values (a@b.c, ${s}))`,
          exception: "Illuminate\\Database\\UniqueConstraintViolationException",
        }),
      }),
  },
  {
    name: "Whoops debug page with its environment table",
    named: true,
    make: (s) =>
      decode({
        status: 500,
        headers: { "content-type": "text/html" },
        body: `<html><body><h1>Whoops</h1><table class="data-table">\n<tr>\n  <td>APP_ENV</td>\n  <td>local</td>\n</tr>\n<tr>\n  <td>DB_PASSWORD</td>\n  <td><pre class=sf-dump id=sf-dump-1 data-indent-pad="  ">"<span class=sf-dump-str>${s}</span>"\n</pre></td>\n</tr>\n</table></body></html>`,
      }),
  },
  {
    name: "decode cause",
    named: false,
    make: (s) => decode({ status: 500, body: "" }, { cause: new Error(`upstream said ${s}`) }),
  },
];

/** Every surface an error shows, as text. */
const surfaces = (err: ApiError): ReadonlyArray<readonly [string, string]> => {
  const json = err.toJSON() as unknown as Record<string, unknown>;
  const out: Array<readonly [string, string]> = [
    ["message", err.message],
    ["String(err)", String(err)],
    ["JSON.stringify", JSON.stringify(err)],
    ["util.inspect", inspect(err, { depth: 20 })],
    ["response snapshot", JSON.stringify(err.response ?? null)],
    ["cause (serialized)", JSON.stringify(json.cause ?? null)],
  ];
  for (const format of wireFormats) {
    const encoded = encode(err, { format });
    out.push([`encode ${format}`, `${JSON.stringify(encoded.headers)} ${encoded.body}`]);
  }
  return out;
};

const leaks = (err: ApiError, secret: string): string[] => {
  const found: string[] = [];
  for (const [surface, text] of surfaces(err)) if (text.includes(secret)) found.push(surface);
  const revived = reviveError(JSON.parse(JSON.stringify(err)));
  for (const [surface, text] of surfaces(revived))
    if (text.includes(secret)) found.push(`revived ${surface}`);
  return found;
};

const cases = places.flatMap((place) =>
  [...shaped, ...(place.named ? [opaque] : [])].map(
    ([shape, secret]) => [`${shape} in ${place.name}`, place, secret] as const,
  ),
);

describe("redaction matrix: secret shape x place x surface", () => {
  it("covers every shape in every place", () => {
    expect(cases.length).toBeGreaterThanOrEqual(shaped.length * places.length);
  });

  it.each(cases)("%s", (_name, place, secret) => {
    const err = place.make(secret);
    expect(leaks(err, secret)).toEqual([]);
  });
});
