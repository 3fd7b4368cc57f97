/**
 * Redaction: secrets never leave in an error. Applied to messages, snapshots (headers, URL, body),
 * details, `toJSON` and `String(err)`.
 *
 * The text scanner is linear in the length of its input: every pattern starts only at the
 * beginning of a word (a one-character look-behind), is anchored on a fixed prefix or a bounded
 * word, and never has two quantifiers competing for the same characters; values are consumed by a
 * hand-written scan that resumes where it stopped. Input longer than {@link MAX_REDACT_CHARS} is
 * cut before scanning.
 *
 * @since 0.1.0
 */

import { lowerName } from "./internal/headers";
import { memoize } from "./internal/memo";

/**
 * The text that replaces a secret.
 *
 * @example
 * ```ts
 * import { REDACTED, redactText } from "@faultline/core";
 * redactText("key sk_live_abc123") === `key ${REDACTED}`; // true
 * ```
 * @since 0.1.0
 */
export const REDACTED = "[REDACTED]";

/** Text longer than this (1 MiB of UTF-16 units) is cut before scanning and marked with `…`. */
const MAX_REDACT_CHARS = 1024 * 1024;
/** Strings inside values given to {@link redactValue} are cut to this length first. */
const MAX_VALUE_STRING = 16 * 1024;
/** Key names longer than this are never treated as secret names (and cost nothing to test). */
const MAX_KEY = 64;

// Names of keys, query parameters and headers whose value is a secret, matched at the end of the
// name so every spelling works: `password`, `userPassword`, `user_password`, `X-User-Password`,
// `accessToken`, `refresh_token`, `id-token`, `clientSecret`, `secretKey`, `X-Amz-Signature`...
// A confirmation (`password_confirmation`, `passwordConfirmation`, `password_repeat`), a numbered
// copy (`password2`, `Token-0`) or what a server echoes back (S3's `SignatureProvided`) is the secret
// too; so are `SMTP_PASS` and Rails' `secret_key_base`.
const secretNameEnd =
  /(?:(?:(?:password|passwd|pwd|passphrase|secret|credential|signature|cookie)s?|token|(?:^|access|refresh|id|session|auth|api|bearer|oauth)[-_.]?tokens|authorization|sig|(?:access|secret|private|api|client|signing|session|master|account|subscription|encryption|auth|functions)[-_.]?key|apikey|session[-_.]?id)(?:[-_.]?(?:confirm(?:ation)?|repeat|again|provided)|[-_.]?\d{1,2})?|[-_.](?:pass|pw)|secret[-_.]?key[-_.]?base)$/i;
/** An environment variable that names a key (`APP_KEY`, `STRIPE_KEY`): upper snake case only. */
const envKeyName =
  /^(?!(?:SORT|PARTITION|PRIMARY|FOREIGN|IDEMPOTENCY|CACHE|ROUTING|RANGE|HASH|OBJECT|LOOKUP|GROUP|DEDUP|ER_DUP|UNIQUE|INDEX|SHARD)_)[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_KEY$/;

/**
 * Header names that carry credentials but whose name does not say so (`X-Hub-Signature`,
 * `X-Forwarded-Authorization` and the like end in a secret name, see {@link isSecretName}).
 */
const sensitiveHeaders: ReadonlySet<string> = /* @__PURE__ */ new Set([
  "x-hub-signature-256",
  "x-goog-iap-jwt-assertion",
  "x-ms-client-principal",
  "dpop",
]);

/**
 * Whether a key, query parameter or form field name holds a secret: any spelling that ends in
 * `password`, `secret`, `token`, `credentials`, `apiKey`, `secretKey`, `privateKey`, `signature`,
 * `sig`, `cookie`, `authorization` and the like (`accessToken`, `client_secret`, `X-Amz-Signature`).
 * `key` counts only after a word that makes it a credential, so `Idempotency-Key` does not, nor
 * does `token_type`.
 */
export const isSecretName = (name: string): boolean =>
  name.length <= MAX_KEY && (secretNameEnd.test(name) || envKeyName.test(name));

// What `redactHeaders` does with a header's value: scan it like any text (every header, even one
// that should be structured: a proxy may put anything in `content-type`), or replace it whole, as
// the header carries credentials. Values servers send again and again cost a lookup, not a scan.
const TEXT = 0;
const SENSITIVE = 2;
type HeaderKind = typeof TEXT | typeof SENSITIVE;

/** Kinds by lower-case name, decided once per name: servers send the same few names. */
const headerKind = /* @__PURE__ */ memoize(
  (lower: string): HeaderKind => (sensitiveHeaders.has(lower) || isSecretName(lower) ? SENSITIVE : TEXT),
  MAX_KEY,
);

/**
 * Whether a header carries credentials and must be redacted (`Authorization`, `X-API-Key`,
 * `X-RP-API-Key`, `Cookie`, `Set-Cookie`, `X-Amz-Security-Token`, and any name ending in a secret
 * name such as `-token`, `-secret` or `-signature`). Case-insensitive.
 *
 * @example
 * ```ts
 * import { isSensitiveHeader } from "@faultline/core";
 * isSensitiveHeader("X-RP-API-Key"); // true
 * ```
 * @since 0.1.0
 */
export const isSensitiveHeader = (name: string): boolean => headerKind(lowerName(name)) === SENSITIVE;

// A position where a pattern may start: not inside a word nor a percent-escape, or right after a
// JSON escape such as `\n` (so `"a\npassword=x"` is seen), a unicode escape (`\u0026password=...`)
// or a percent-escape (`%3Fpassword%3D...` in a URL-encoded redirect URL).
const start = String.raw`(?:(?<![\w-])(?!(?<=%)[0-9A-Fa-f]{2})|(?<=\\[nrtbf])|(?<=\\u[0-9A-Fa-f]{4})|(?<=%(?:25)?[0-9A-Fa-f]{2})(?!(?<=%25)[0-9A-Fa-f]{2}))`;

// A PEM private key's label (`PRIVATE KEY`, `RSA PRIVATE KEY`, `PGP PRIVATE KEY BLOCK`) and header.
const pemLabel = String.raw`(?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?`;
const pemHeaderSource = `-----BEGIN ${pemLabel}-----`;

// Key-shaped strings. Each is anchored on a fixed prefix and ends in one bounded class run with
// nothing after it that could fail, so a match attempt does bounded work; the scan then extends the
// match over the rest of the token (see `tokenRun`).
const tokenShapes = [
  String.raw`rp_(?:app|live|test)_[\w-]{4,64}`,
  String.raw`(?:sk|pk|rk)_(?:live|test)_[\w-]{4,64}`,
  String.raw`sk-(?:proj-|ant-|live-|svcacct-)?[\w-]{16,64}`,
  String.raw`whsec_[\w+/=-]{8,64}`,
  String.raw`gh[pousr]_[A-Za-z0-9]{20,64}`,
  String.raw`github_pat_\w{20,64}`,
  String.raw`gl(?:pat|rt|dt|ptt|cbt|ft|imt|oas|soat|agent)-[\w-]{20,64}`,
  String.raw`xox[abposre]-[A-Za-z0-9\-]{10,64}`,
  String.raw`xoxe\.xox[bp]-[A-Za-z0-9\-]{10,64}`,
  String.raw`xapp-[A-Za-z0-9\-]{10,64}`,
  String.raw`shp(?:at|ss|ca|pa)_[A-Za-z0-9]{16,64}`,
  String.raw`npm_[A-Za-z0-9]{20,64}`,
  String.raw`AIza[\w-]{30,64}`,
  String.raw`ya29\.[\w-]{20,64}`,
  // Secrets in URL paths: a Telegram bot token, Slack and Discord webhook URLs.
  String.raw`bot\d{5,12}:[\w-]{30,64}`,
  String.raw`hooks\.slack\.com\/(?:services|workflows|triggers)\/[\w/]{20,100}`,
  String.raw`webhooks\/\d{10,20}\/[\w-]{40,100}`,
  // Google OAuth client secrets and refresh tokens.
  String.raw`GOCSPX-[\w-]{20,64}`,
  String.raw`1\/\/0[\w-]{30,64}`,
  // SendGrid, Mailgun, PyPI, Hugging Face, DigitalOcean, Databricks, Doppler, Linear, Groq, Notion,
  // Twilio API key sids.
  String.raw`SG\.[\w-]{22}\.[\w-]{43}`,
  String.raw`key-[0-9a-z]{32}`,
  String.raw`pypi-AgE[\w-]{32,64}`,
  String.raw`hf_[A-Za-z0-9]{30,64}`,
  String.raw`do[opr]_v1_[0-9a-f]{32,64}`,
  String.raw`dapi[0-9a-f]{32}`,
  String.raw`dp\.(?:st|ct|sa|scim|audit|pt)\.(?:[\w-]{1,32}\.)?[\w-]{16,64}`,
  String.raw`lin_(?:api|oauth)_[A-Za-z0-9]{20,64}`,
  String.raw`gsk_[A-Za-z0-9]{32,64}`,
  String.raw`(?:ntn|secret)_[A-Za-z0-9]{32,64}`,
  String.raw`SK[0-9a-f]{32}`,
  // Password hashes SQL errors echo (bcrypt, argon2), Atlassian API tokens.
  String.raw`\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}`,
  String.raw`\$argon2(?:id|i|d)\$(?:v=\d{1,4}\$)?m=\d{1,9},t=\d{1,9},p=\d{1,4}\$[A-Za-z0-9+/]{4,64}\$[A-Za-z0-9+/]{8,64}`,
  String.raw`AT[AC]TT3[\w=-]{32,64}`,
  // PEM private keys: the header (the scan then takes the base64 body and the footer, see `pemRun`).
  pemHeaderSource,
  // JWT / JWS / JWE: a header segment, then the start of a payload segment (cut ones too).
  String.raw`eyJ[\w-]{8,64}\.eyJ`,
].join("|");

// AWS access key ids (temporary `ASIA...` ones too). The scanner takes one only where no letter or
// digit follows; the prefilter must not ask (a piece of a text may end where the whole goes on).
const awsKeyId = "(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[0-9A-Z]{16}";

// White space, as text and JSON write it, and as URLs and forms encode it.
const plainSpace = String.raw`(?:\s|\\u0020)`;
const encodedSpace = String.raw`(?:%20|\+)`;
const space = `(?:${plainSpace}|${encodedSpace})`;
// Auth schemes, white space, and enough credential characters after it (not consumed).
// After a space a URL or form encodes (`Bearer%20...`, `Bearer+...`), only a credential with a digit:
// `digest+of+the+week` and `basic%20configuration` are words.
const schemes = String.raw`(?:bearer|basic|digest|negotiate|ntlm|dpop)(?:${plainSpace}{1,8}(?=[\w.~+/=-]{8})|${encodedSpace}{1,8}(?=[\w.~/=-]{8})(?=[\w.~/=-]{0,200}\d))|(?:token|bot)(?:${plainSpace}{1,8}|${encodedSpace}{1,8}(?=[\w-]{0,200}\d))(?=[\w-]{16})`;
// A scheme's `://`, also as PHP's JSON writes it (`:\/\/`).
const schemeEnd = String.raw`:\/\/|:\\\/\\\/`;
// URL user info after `://`, up to and with its last `@` (a password may hold one unencoded).
const userInfoAt = String.raw`[^\s/?#"'<>\\@][^\s/?#"'<>\\]{0,1023}(?<=@)`;
// A scheme's `://` percent-encoded, once or twice: a URL inside a URL (`next=https%3A%2F%2F...`).
const encodedSchemeEnd = String.raw`%(?:25)?3a(?:%(?:25)?2f%(?:25)?2f|\/\/)`;
// User info after an encoded `://`, up to and with its last `@` (`user%3Apass%40host`, encoded or
// not): the loop stops at what ends an authority (`/`, `?`, `#`, encoded or not) or a parameter.
const encodedUserInfoAt = String.raw`(?:[^\s/?#%"'<>\\&]|%(?!(?:25)?(?:2f|3f|23))[0-9a-f]{2}){1,1024}(?<=@|%(?:25)?40)`;

// A key's closing quote and its separator, also as HTML and XML character references (escaped
// twice too), percent-escapes (encoded twice too) and JSON unicode escapes: an error page or an XML
// fault may show `password&#61;hunter2` or `{&quot;token&quot;:&quot;...&quot;}`, a redirect URL
// `%3Faccess_token%3D...`, Gson and System.Text.Json write `password\u003d` and `\u0022token\u0022`,
// all of which the snapshot keeps as they were sent.
const quoteEntity = String.raw`&(?:amp;)?(?:quot|apos|#0{0,32}(?:34|39)|#x0{0,32}(?:22|27));?|%(?:25)?2[27]|\\u00(?:22|27)`;
// `)` closes a key in SQL diagnostics: Postgres' `Key (api_key)=(...) already exists`.
const keyQuote = String.raw`\\?["')]|${quoteEntity}`;
const separator = String.raw`=>|[:=]|%(?:25)?3[ad]|\\u003[ad]|&(?:amp;)?(?:colon|equals|#0{0,32}(?:58|61)|#x0{0,32}(?:3a|3d));?`;
// The end of a bracketed form key (`creds[password]=`, `client_secret[]=`, `user[password][0]=`,
// `user%5Bpassword%5D=`, PHP's `[password] =>`).
const bracket = String.raw`(?:\](?:\[\w{0,16}\]){0,3}|\[\]|(?:%5B)?%5D)?`;
// White space between a key and its separator, also encoded (`password%20=%20...`).
const gap = String.raw`(?:\s|%20|\\[nrt]){0,64}`;
/**
 * What `echoedValue` matches after the name: the name's closing quote up to the value's opening
 * delimiter (captured).
 */
const echoedAfterName = String.raw`(?:["'\`]|\\")(?:[^\n"'\`\\[\]]{0,40}?\bvalue\s*(?:=\s*)?|\s*\(\s*)(\[|\\"|["'\`])`;
/** The rest of an XML start tag after its name: attributes and the `>`. */
const tagRest = String.raw`(?:\s[^<>]{0,256})?>`;
/** A single quote, as text, JSON unicode escapes and HTML write it. */
const singleQuote = String.raw`'|\\u0027|&#0{0,3}39;|&#x0{0,2}27;|&apos;`;
/** A table's header or data cell holding a name, then the data cell after it (debug pages' env tables). */
const nameCell = String.raw`<t[dh]${tagRest}\s{0,64}([\w.-]{1,64})\s{0,64}<\/t[dh]>(?:\s|\\[nrt]){0,256}<td${tagRest}`;
/** An XML start tag escaped as HTML or JSON writes it (`&lt;Password&gt;`, `\u003cPassword\u003e`). */
const escapedTag = String.raw`(?:&lt;|\\u003c)(?:[\w.-]{1,32}:)?([\w.-]{1,64})(?:\s[^<>]{0,256}?)?(?:&gt;|\\u003e)`;
/** The start of Laravel's SQL in an exception message, up to the opening `(` of the column list. */
const sqlInsert = String.raw`SQL:\s{0,8}insert\s{1,8}into\s{1,8}[^\s(]{1,128}\s{0,8}\(`;
/** The start of curl's `user:password` after `-u` (see `curlPair`). */
const curlCredentials = String.raw`['"]?[^\s:'"\\]{1,64}:[^\s'"\\]`;
/** A command line that gives MySQL's password glued to `-p` (`mysql -u root -pSECRET`). */
const mysqlPassword = String.raw`mysql(?:dump|admin)?\s[^\n"]{0,256}?\s-p`;
/**
 * What may come between a secret's name and its value written after a space (`API key 8f14...`,
 * `x-api-key header value ...`, `client_secret mismatch: got ...`), and the start of that value: a
 * quote, or enough characters of a token (not consumed).
 */
const spacedValue = String.raw`(?:[ \t]|\\t){1,8}(?:(?:header[ \t]{1,4})?value[ \t]{1,4}|mismatch:[ \t]{1,4}got[ \t]{1,4})?(?=['"]|\\"|[\w\-.+/=]{16})`;
/**
 * Query and form parameter names that hold a secret only as such (`?pass=...`, `&pin=...`, a form
 * body's `pw=...`): as words of prose they say nothing.
 */
const shortParam = /^(?:pass|pw|pwd|passcode|auth|session|sid|otp|pin|code_verifier)$/i;
/** The short names that no hint word covers (see `hint`). */
const shortParamHint = "(?:pw|sid|otp|pin|(?=e_v)(?<=cod)e_verifier)";

/**
 * One scanner for every kind of secret. Groups: 1 URL user info; 2 token shape; 3 auth scheme
 * (a credential follows); 4 key name, 5 the key's closing quote, 6 the separator; 7 a
 * phrase a quoted value follows (Azure's `signature found in the HTTP request '...'`, MySQL's
 * `Duplicate entry '...' for key '...'`); 8 curl's `-u` (`user:password` follows); 9 a
 * command-line flag whose value follows a space (`--token ...`); 10 MySQL's `-p`; 11 the `@` before the
 * address of a Go MySQL DSN (`user:password@tcp(...)`); 12 the name in a table's cell (debug pages'
 * env tables), the cell with its value follows; 13 the name of an XML element (`<Password>`,
 * `<wsse:Password Type="...">`, S3's `<SignatureProvided>`); 14 the name of an escaped XML element;
 * 15 a name a value follows after white space (`password 'Hunter2!'`, `API key 8f14...`). A key
 * name (group 4) starts where its dotted path does, never right after a name character and a dot,
 * so a long dotted run (`.a.a.a...`) is tried once, not at each of its segments.
 */
const scanner = /* @__PURE__ */ new RegExp(
  String.raw`((?<=${schemeEnd})${userInfoAt}|(?<=${encodedSchemeEnd})${encodedUserInfoAt})|${start}(?:(${tokenShapes}|${awsKeyId}(?![A-Za-z0-9]))|(${schemes})|(?<![\w-]\.)([\w-][\w.-]{0,63})${bracket}(${keyQuote})?\]?${gap}(${separator})${gap}|(signature found in the HTTP request |duplicate entry )(?=${singleQuote})|((?:-u|--user)(?:\s{1,4}|=))(?=${curlCredentials})|--([A-Za-z][\w-]{0,62}) {1,4}(?=[^\s-])|(${mysqlPassword})(?=[^\s-]))|(@)(?:tcp6?|unix|udp)\(|${nameCell}|<(?:[\w.-]{1,32}:)?([\w.-]{1,64})${tagRest}|${escapedTag}|${start}(?<!\\)([\w-]{1,64})${spacedValue}`,
  "gi",
);

// Cheap tests before the scanner, both case-insensitive like the scanner and without look-behind.
// The first looks for the words and prefixes every secret starts with or ends in, by their first
// three characters: one table load per character of the text (see `nextHint`); almost no message,
// code, id, header value or error body has one. Where it finds one, the second (`hint`) is tried
// right there (it is sticky, and each of its branches starts with a hint word), then the search
// goes on. Its branches are the scanner's groups without the look-behind, with key names narrowed
// to a word that can end a secret key name (at most ten name characters after it), so it matches
// wherever the scanner could replace something (a property test checks that it never lets a secret
// through). So "Invalid token", "X-OAuth-Scopes" or a documentation URL cost no scan. Every
// quantifier is bounded, so both stay linear.
// The first three characters of each hint word: `auth`; AWS key id prefixes (`AKIA`, `ASIA`, ...);
// Google `AIza`; auth schemes; `credential`, `cookie`; JWT `eyJ`; GitHub, GitLab, npm, Stripe,
// Slack, Shopify and Google OAuth prefixes; `key`, `pass`, `pwd`, `secret`, `sig`, `session`,
// `token`; `://` (user info); bcrypt and argon2 hashes (`$2y$`, `$argon2`); the `TT3` of Atlassian
// tokens; `mysql`, `-u` then a space (any character outside the alphabet), `--user`; the `QL:` of
// Laravel's `SQL:`; the `@tcp(` of a Go DSN; the short parameter names (`pw` then a character outside
// the alphabet or a `\`, `sid`, `otp`, `pin`, the `e_v` of `code_verifier`). Four characters apart, so the third of each is at `i % 4 === 2`.
const hintStarts =
  "hoo web aut aki asi agp aid aro aip anp anv abi acc aiz bea bas bot cre coo dig dpo eyj ghp gho ghu ghs ghr git glp glr gld glc glf gli glo gls gla key neg ntl npm pas pwd pk_ rp_ rk_ sec sig ses sk- sk_ shp tok whs xox xap ya2 goc 1// sg. pyp hf_ dop doo dor dap dp. lin gsk ntn sk0 sk1 sk2 sk3 sk4 sk5 sk6 sk7 sk8 sk9 ska skb skc skd ske skf --- _pw -pw .pw :// :\\/ $2a $2b $2x $2y $ar tt3 mys -u  --u ql: @tc @un @ud pw= pw\\ sid otp pin e_v";

// Characters as 6-bit codes, letters case-folded (ASCII only, as `/i` without `u` folds): the
// alphabet of the hint words' first three characters. Anything else is 0, which starts no word.
const hintAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789:/_-.\\$@";
const hintCodes = /* @__PURE__ */ (() => {
  const codes = new Uint8Array(128);
  for (let i = 0; i < hintAlphabet.length; i++) {
    const c = hintAlphabet.charCodeAt(i);
    codes[c] = i + 1;
    if (c >= 97) codes[c - 32] = i + 1;
  }
  return codes;
})();

/** The last two characters before `c` and `c` itself, as three 6-bit codes. */
const slide = (window: number, c: number): number =>
  ((window << 6) | (c < 128 ? (hintCodes[c] as number) : 0)) & 0x3ffff;

/** The hint words' first three characters, as a bit set over three 6-bit codes. */
const hintTrigrams = /* @__PURE__ */ (() => {
  const bits = new Uint32Array(8192);
  let window = 0;
  for (let i = 0; i < hintStarts.length; i++) {
    window = slide(window, hintStarts.charCodeAt(i));
    if (i % 4 === 2) bits[window >>> 5] = (bits[window >>> 5] as number) | (1 << (window & 31));
  }
  return bits;
})();

/** Where the first three characters of a hint word next occur in `text` from `from`, or -1. */
const nextHint = (text: string, from: number): number => {
  let window = 0;
  for (let i = from; i < text.length; i++) {
    window = slide(window, text.charCodeAt(i));
    // Before the third character the window starts with a 0, which no hint word does.
    if ((hintTrigrams[window >>> 5] as number) & (1 << (window & 31))) return i - 2;
  }
  return -1;
};
/** A word every secret key name holds (see `secretNameEnd`). */
const hintWord = `(?:auth|credential|cookie|key|pass|pwd|[-_.]pw|secret|sig|session|token)`;
/** A word that can end a secret key name, and at most 20 more name characters. */
const hintKey = String.raw`${hintWord}[\w.-]{0,20}`;
// The scanner's branches from where a hint word starts (the name's earlier characters looked behind
// at), with what the scan tests after the match left out: a superset of what it may change.
const hint = /* @__PURE__ */ new RegExp(
  [
    tokenShapes,
    awsKeyId,
    schemes,
    // A secret name: a look-ahead first, so the look-behinds are tried only where a hint word starts.
    `(?=${hintWord})(?:${[
      String.raw`${hintKey}(?:${bracket}(?:${keyQuote})?\]?${gap}(?:${separator})|${echoedAfterName}|\s{0,64}<\/t[dh]>(?:\s|\\[nrt]){0,256}<td|${spacedValue})`,
      String.raw`(?<=<[\w.:-]{0,40})${hintKey}${tagRest}`,
      String.raw`(?<=(?:&lt;|\\u003c)[\w.:-]{0,100})${hintKey}(?:\s[^<>]{0,256}?)?(?:&gt;|\\u003e)`,
      String.raw`(?<=--[\w-]{0,63})${hintKey} {1,4}[^\s-]`,
      // MySQL's `... for key 'users.api_key'`: the key names a secret.
      String.raw`(?<=key\s{1,4}(?:${singleQuote})[\w.$-]{0,63})${hintWord}`,
    ].join("|")})`,
    `(?:${schemeEnd})${userInfoAt}`,
    String.raw`${shortParamHint}${bracket}\]?${gap}(?:${separator})`,
    `signature found in the HTTP request (?:${singleQuote})`,
    String.raw`(?:-u|--user)(?:\s{1,4}|=)${curlCredentials}`,
    String.raw`${mysqlPassword}[^\s-]`,
    `(?=QL:)(?<=S)${sqlInsert.slice(1)}[^()]{0,1024}?${hintWord}`,
    String.raw`@(?:tcp6?|unix|udp)\(`,
    String.raw`(?=TT3)(?<=AT[AC])TT3[\w=-]{32}`,
  ].join("|"),
  "iy",
);

/** User info after an encoded `://` (see `mayHoldSecret`). */
const encodedUserInfo = /* @__PURE__ */ new RegExp(`${encodedSchemeEnd}${encodedUserInfoAt}`, "i");

/**
 * Whether the scanner may find anything in `text`. False means `redactText` returns the text as it
 * is, and the same holds for every piece of it (a match in a piece is a match in the whole), which
 * lets decode skip pieces of a body it scanned once.
 */
const mayHoldSecret = (text: string): boolean => hintState(text) === MAY_HOLD;

/** `hintState`: no hint word at all; hint words, but nothing the scanner would change; maybe a secret. */
export const NO_HINT = 0;
const HINTS_ONLY = 1;
export const MAY_HOLD = 2;

/** Which of `NO_HINT`, `HINTS_ONLY` and `MAY_HOLD` holds for `text` (see `mayHoldSecret`). */
const hintState = (text: string): number => {
  if (text.length < 5) return NO_HINT;
  // Every branch of `hint` starts with a hint word, so it is tried only where one starts.
  let state = NO_HINT;
  for (let at = nextHint(text, 0); at >= 0; at = nextHint(text, at + 1)) {
    hint.lastIndex = at;
    if (hint.test(text)) return MAY_HOLD;
    state = HINTS_ONLY;
  }
  // User info in an encoded URL has no hint word: looked for only in texts with a `%`.
  return text.includes("%") && encodedUserInfo.test(text) ? MAY_HOLD : state;
};

/**
 * A value that a framework's validation message echoes after the field it names: Spring's
 * `on field 'password': rejected value [...]`, Joi's `"password" with value "..."`, graphql-js's
 * `Variable "$password" got invalid value "..."`, Mongoose's ``Path `password` (`...`)``. Group 1 is
 * the name, group 2 the value's opening delimiter.
 */
const echoedValue = /* @__PURE__ */ new RegExp(
  String.raw`(?:["'\`]|\\")\$?([\w.-]{1,64})${echoedAfterName}`,
  "gi",
);

/**
 * Where an echoed value that starts at `from` closes (at most 256 characters on one line), or -1;
 * also -1 at a quote that ends the JSON string the value is in (after `\"`, or in a JSON text).
 */
const echoedEnd = (text: string, from: number, open: string, json: boolean): number => {
  const end = closingAt(text, from, open === "[" ? "]" : open, json || open === '\\"', false);
  return end > from ? end : -1;
};

/**
 * Where `close` next closes a value that starts at `from`, within 256 characters and one line (also
 * a JSON-escaped line break, when `escapedBreakEnds`) and, when `inString`, the JSON string it is
 * in (an escape is skipped whole); -1 when it does not.
 */
const closingAt = (
  text: string,
  from: number,
  close: string,
  inString: boolean,
  escapedBreakEnds: boolean,
): number => {
  const limit = Math.min(text.length, from + 257);
  for (let i = from; i < limit; i++) {
    if (text.startsWith(close, i)) return i;
    const c = text.charCodeAt(i);
    if (c === 92) {
      const next = text.charCodeAt(i + 1);
      if (escapedBreakEnds && (next === 110 || next === 114)) return -1;
      i++;
    } else if (c === 10 || c === 13 || (c === 34 && inString)) return -1;
  }
  return -1;
};

/** Replaces the values {@link echoedValue} finds after secret names. */
const redactEchoed = (text: string): string => {
  let out = "";
  let last = 0;
  let json: boolean | undefined;
  echoedValue.lastIndex = 0;
  for (let m = echoedValue.exec(text); m !== null; m = echoedValue.exec(text)) {
    const from = echoedValue.lastIndex;
    json ??= isJsonText(text);
    // In a JSON object or array a bare `"` ends the string the name is in: it opens no value.
    const end =
      isSecretName(m[1] as string) && !(m[2] === '"' && isStructuredJson(text))
        ? echoedEnd(text, from, m[2] as string, json)
        : -1;
    if (end < 0) continue;
    out += `${text.slice(last, from)}${REDACTED}`;
    last = end;
    echoedValue.lastIndex = end;
  }
  return last === 0 ? text : out + text.slice(last);
};

// Runs of characters, each read by one sticky regex from where a match ended (see `runEnd`); none
// can backtrack, so each costs one pass over the run.
/** Credential characters after an auth scheme (RFC 7235 token68 and a little more). */
const credentialRun = /[\w.~+/=-]*/y;
/** An unquoted value: up to what ends one in query strings, forms, headers in text, YAML, logs. */
const valueRun = /(?:[^ \t\n\r&,;"'<>{}[\]()\\]|\\u(?!00(?:26|22|27|3[ce]))[0-9A-Fa-f]{4})*/iy;
/** The rest of a key-shaped token: word characters, `+/=`, and dots between segments (JWTs). */
const tokenRun = /[\w+/=-]*(?:\.[\w-][\w+/=-]*)*/y;
/** A PEM key's base64 body (line breaks raw or JSON-escaped) and its footer. */
const pemRun = /* @__PURE__ */ new RegExp(
  String.raw`(?:[A-Za-z0-9+/=\s:,-]|\\[nr/]){0,16384}(?:-----END ${pemLabel}-----)?`,
  "y",
);
/** A PEM private key's header (the token shape, at a given position). */
const pemHeader = /* @__PURE__ */ new RegExp(pemHeaderSource, "y");
/** An XML element's text: up to its closing tag, within the JSON string it may be in. */
const elementText = /(?:[^<"\\]|\\[^"]){0,16384}(?=<\/)/y;
/**
 * The rest of a line, for header lines: a JSON string's escaped line break ends it too, and so does
 * a quote that JSON goes on after (one that text goes on after, `token="..."`, is part of the line).
 */
const lineRun = /(?:[^\r\n"\\]|\\[^nr]|"(?!\s*(?:[,}\]:]|$))){0,8192}/y;

/**
 * Keys whose value in a `Name: value` line is the whole rest of the line: a credential after any
 * scheme (`Authorization: SSWS ...`, `Token token="..."`) and every pair of a cookie header.
 */
const isLineKey = (text: string, at: number, name: string): boolean =>
  /^(?:(?:proxy-)?authorization|(?:set-)?cookie)$/i.test(name) && isLineStart(text, at);

/** Whether `at` starts a line: the text's start, a line break (raw or JSON-escaped) or a JSON string's start. */
const isLineStart = (text: string, at: number): boolean => {
  const c = text.charCodeAt(at - 1);
  return at === 0 || c === 10 || c === 13 || c === 34 || (c === 110 && text.charCodeAt(at - 2) === 92);
};

/**
 * A word, not a credential, after a scheme (`Basic authentication required`, `Bearer token missing`):
 * letters only, lower case or capitalized, shorter than any credential worth the name.
 */
const isWord = (s: string): boolean => s.length < 16 && /^[A-Za-z][a-z]*$/.test(s);

/**
 * A value that says what state a secret is in, not the secret (`password: required`, MySQL's
 * `using password: YES`, `Invalid token: expired`).
 */
const stateWord =
  /(?:yes|no|none|required|missing|invalid|expired|empty|revoked|not_found|not_set|unknown|hidden|masked)(?![\w.~+/=-])/iy;

/** Two plain words (`token missing`): a sentence, not a scheme and a credential. */
const twoWords = /([A-Za-z]+) ([A-Za-z]+)(?![\w.~+/=-])/y;
const startsProse = (text: string, at: number): boolean => {
  twoWords.lastIndex = at;
  const m = twoWords.exec(text);
  return m !== null && isWord(m[1] as string) && isWord(m[2] as string);
};

/** A value masked but for its last few characters. */
const masked = /\*{3,}[\w-]{0,8}(?![\w.~+/=*-])/y;

/** `API key: ...`, `Api Token: ...`: a key name written as two words. */
const isSpacedKey = (text: string, at: number, name: string): boolean =>
  /^(?:key|token|secret)s?$/i.test(name) &&
  /\b(?:api|secret|subscription|access|private|client)[ _-]$/i.test(text.slice(Math.max(0, at - 13), at));

/**
 * Where the match of the sticky `re` at `from` ends (a run of length 0 ends at `from`), or 0 when it
 * does not match there.
 */
const runEnd = (re: RegExp, text: string, from: number): number => {
  re.lastIndex = from;
  re.test(text);
  return re.lastIndex;
};

/** End of a `"..."` string starting at the quote `from` (past the closing quote, or the end). */
const quotedEnd = (text: string, from: number, quote: number): number => {
  let i = from + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92) i += 2;
    else if (c === quote) return i + 1;
    // An unclosed `'` value inside a JSON string ends with that string.
    else if (quote === 39 && c === 34) return i;
    else i++;
  }
  return text.length;
};

/** End of an escaped string `\"...\"` (JSON inside a JSON string) starting at the backslash. */
const escapedQuotedEnd = (text: string, from: number): number => {
  let i = from + 2;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      if (text.charCodeAt(i + 1) === 34) return i + 2;
      i += 2;
    } else if (c === 34) {
      // A quote not escaped ends the JSON string the value is in: the value is unclosed.
      return i;
    } else i++;
  }
  return text.length;
};

/** A structure under a key that is not quoted JSON, longer than this, is cut where its string or line ends. */
const MAX_STRUCTURE = 128;

/**
 * End of a JSON array or object starting at `from` (brackets balanced, strings skipped), or -1 when
 * it does not close within `MAX_STRUCTURE` characters.
 */
const structureEnd = (text: string, from: number, bounded: boolean, inString = false): number => {
  let depth = 0;
  let i = from;
  // Looked at for a bounded length, so that text full of unclosed ones costs linear time.
  const limit = bounded ? Math.min(text.length, from + MAX_STRUCTURE) : text.length;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Inside a JSON string, a quote ends that string: the structure never closes within it.
      if (inString) return -1;
      i = quotedEnd(text, i, 34);
      continue;
    }
    // An escape (`\"` of a structure escaped inside a JSON string): its quote opens no string.
    if (c === 92) {
      i += 2;
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth <= 0) return i + 1;
    }
    i++;
  }
  return -1;
};

const quoteAtStart = /* @__PURE__ */ new RegExp(quoteEntity, "iy");
/** Whether a separator the scanner read is a colon (`:`, `&colon;`, `&#58;`, `&#x3a;`, `%3A`, `\u003a`). */
const isColon = (separator: string): boolean =>
  separator === ":" || /^(?:&(?:amp;)?(?:colon|#0*58|#x0*3a);?|%(?:25)?3a|\\u003a)$/i.test(separator);

/**
 * End of a value quoted with character references, from just after its opening one: past the next
 * quote reference, or -1 when a tag, a line break or the end of the text comes first (a secret in
 * escaped markup holds neither).
 */
const closingQuoteEntity = (text: string, from: number, double: boolean): number => {
  for (let i = from; i < text.length; i++) {
    if (endsEncodedValue(text, i)) return -1;
    const c = text.charCodeAt(i);
    if ((c === 38 || c === 37 || c === 92) && runEnd(quoteAtStart, text, i) > i) {
      const end = quoteAtStart.lastIndex;
      // Only the same kind of quote closes the value (`%22it%27s...%22`).
      if (isDoubleQuote(text.slice(i, end)) === double) return end;
      i = end - 1;
    }
  }
  return -1;
};
/** Whether a quote reference or escape stands for `"` (else `'`). */
const isDoubleQuote = (quote: string): boolean => /quot|34|22/i.test(quote);
/**
 * Whether the character at `i` ends a value written in markup or inside a JSON string: a tag, a line
 * break, or a `"` or `\"` (the end of the JSON string it is in).
 */
const endsEncodedValue = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c === 60 || c === 10 || c === 13 || c === 34 || (c === 92 && text.charCodeAt(i + 1) === 34);
};
/** Where an unclosed `&quot;` value ends (see `endsEncodedValue`), or the end of the text. */
const valueEnd = (text: string, from: number): number => {
  for (let i = from; i < text.length; i++) {
    if (endsEncodedValue(text, i)) return i;
    // An escape is kept whole (`\\` then a quote: the quote ends the string, not the escape).
    if (text.charCodeAt(i) === 92) i++;
  }
  return text.length;
};

const schemeAtStart = /* @__PURE__ */ new RegExp(
  `(?:bearer|basic|digest|negotiate|ntlm|dpop|token|bot)${space}{1,8}`,
  "iy",
);
const literalAtStart = /(?:null|true|false)(?!\w)/y;
/** PHP var_dump's type of a string, and its length. */
const dumpType = /string\((\d{1,6})\) /y;
/**
 * A word of at most 24 letters, a space and a letter: a value that a sentence goes on after (spaces
 * as a form or URL encodes them too).
 */
const prose = /(?:\+|%20){0,8}[A-Za-z]{1,24}(?: |\+|%20)[A-Za-z]/y;

/**
 * Replaces the value that starts at `at` (after a secret-named key and its separator, so `at > 0`).
 * Returns the replacement and where scanning resumes.
 */
const replaceValue = (
  text: string,
  at: number,
  keyQuote: string,
  separator: string,
  line = false,
): [string, number] => {
  if (at >= text.length) return ["", at];
  // PHP's var_dump (`["api_key"]=>\n  string(32) "..."`): the value after its type, as long as
  // the type says (a quote inside it is not escaped).
  if (separator === "=>") {
    dumpType.lastIndex = at;
    const type = dumpType.exec(text);
    if (type !== null) {
      const from = dumpType.lastIndex;
      const close = from + 1 + Number(type[1]);
      if (
        text.charCodeAt(from) === 34 &&
        text.charCodeAt(close) === 34 &&
        !text.slice(from, close).includes("\\")
      )
        return [`${type[0]}"${REDACTED}"`, close + 1];
      const [replacement, end] = replaceValue(text, from, keyQuote, separator);
      return end > from ? [`${type[0]}${replacement}`, end] : ["", at];
    }
  }
  const c = text.charCodeAt(at);
  // The key was quoted with `"` or `\"`: the value is JSON.
  const json = keyQuote.endsWith('"');
  // A key at the end of a JSON string, unquoted or with an encoded quote (`{"m":"token=","n":1}`,
  // `{"m":"token%22%3A","n":1}`): the quote ends that string, it opens no value.
  const opens = c === 34 ? at + 1 : c === 92 && text.charCodeAt(at + 1) === 34 ? at + 2 : -1;
  if (!json && opens > 0 && ",}]:".includes(text.charAt(opens) || "}")) return ["", at];
  // A key inside a JSON string (`\"password\":`) at its end: the quote closes that string.
  if (c === 34 && keyQuote.charCodeAt(0) === 92) return ["", at];
  // A PEM key after a name (`private key: -----BEGIN ...`): the whole key, body and footer.
  const pem = runEnd(pemHeader, text, at);
  if (pem > at) return [REDACTED, runEnd(pemRun, text, pem)];
  // A key in parentheses (SQL diagnostics: `Key (api_key)=(...)`) has its value in them too.
  if (keyQuote === ")") {
    if (c !== 40) return ["", at];
    // Up to the closing one, within 1,024 characters and the JSON string or line it is in.
    const limit = Math.min(text.length, at + 1_024);
    let end = at + 1;
    while (end < limit && !')"\n\r'.includes(text.charAt(end))) end++;
    return text.charAt(end) === ")" ? [`(${REDACTED})`, end + 1] : [`(${REDACTED}`, end];
  }
  if (c === 34 || c === 39) {
    // A quoted value keeps its quotes (an unclosed one stays unclosed).
    const end = quotedEnd(text, at, c);
    const quote = text.charAt(at);
    return [
      end - at >= 2 && text.charCodeAt(end - 1) === c ? `${quote}${REDACTED}${quote}` : `${quote}${REDACTED}`,
      end,
    ];
  }
  if (c === 92 && text.charCodeAt(at + 1) === 34) {
    const end = escapedQuotedEnd(text, at);
    if (end === at + 2) return ["", at];
    return [
      text.charCodeAt(end - 1) === 34 && text.charCodeAt(end - 2) === 92
        ? `\\"${REDACTED}\\"`
        : `\\"${REDACTED}`,
      end,
    ];
  }

  if (c === 38 || c === 37 || c === 92) {
    // A value quoted with character references, percent-escapes or unicode escapes (`&quot;...&quot;`,
    // `%22...%22`, `\u0022...\u0022`) keeps them.
    const open = runEnd(quoteAtStart, text, at);
    if (open > at) {
      const quote = text.slice(at, open);
      const close = closingQuoteEntity(text, open, isDoubleQuote(quote));
      return close < 0
        ? [`${quote}${REDACTED}`, valueEnd(text, open)]
        : [`${quote}${REDACTED}${quote}`, close];
    }
  }
  // Inside JSON, a replaced number or structure must stay a string.
  const replaced = json ? `${keyQuote}${REDACTED}${keyQuote}` : REDACTED;
  if (c === 123 || c === 91) {
    // Under a JSON key, the structure is JSON: it ends where its brackets close, or the text ends.
    // Under any other key it may be text inside a JSON string (`"token:{x"`): one that does not close
    // soon is cut where that string or line ends.
    // A key quoted with escaped quotes is JSON inside a JSON string: bounded like any other.
    const whole = json && keyQuote.charCodeAt(0) !== 92;
    // A key not quoted as JSON (or quoted as JSON inside a string) in a JSON text is inside a string.
    const end = structureEnd(text, at, !whole, !whole && isJsonText(text));
    return [replaced, end >= 0 ? end : whole ? text.length : valueEnd(text, at)];
  }
  if (runEnd(literalAtStart, text, at) > at) return ["", at];
  if (keyQuote === "" && isColon(separator) && runEnd(stateWord, text, at) > at) return ["", at];
  // A masked value (`****abcd`, DeepSeek's `Your api key: ****abcd is invalid`) is no secret.
  if (runEnd(masked, text, at) > at) return ["", at];
  const credential = runEnd(schemeAtStart, text, at);
  if (line && keyQuote === "" && isColon(separator) && !startsProse(text, Math.max(at, credential))) {
    // A header line in text: whatever the scheme, the rest of the line is the credential.
    const from = Math.max(at, credential);
    const end = runEnd(lineRun, text, from);
    if (end > from) return [`${text.slice(at, from)}${REDACTED}`, end];
  }
  if (credential > at) {
    const end = runEnd(credentialRun, text, credential);
    if (end > credential) return [`${text.slice(at, credential)}${REDACTED}`, end];
  }
  // Prose, not a credential: `Invalid token: Session has expired.` (a key not quoted as JSON, a colon, and a
  // word of letters that a sentence continues after). Asked before the value's run is measured: that
  // run may reach far (`+token:ab+c` repeated has no end short of the text's), and scanning resumes
  // right after the separator, so measuring it here would make the scan quadratic.
  if (!json && isColon(separator) && runEnd(prose, text, at) > at) return ["", at];
  const end = runEnd(valueRun, text, at);
  return end === at ? ["", at] : [replaced, end];
};

/** Lower-case names of keys in `name=value` lines (`stripe_key=...`), but not keys of data. */
const lowerEnvKeyName =
  /^(?!(?:sort|partition|primary|foreign|idempotency|cache|routing|range|hash|object|lookup|group|dedup|unique|index|shard|public|row|issue|project|error|message|translation|lock)_)[a-z][a-z0-9]*(?:_[a-z0-9]+)*_key$/;
/** `stripe_key=...` at the start of a line (an environment file, a config dump). */
const isLowerEnvKey = (
  text: string,
  at: number,
  name: string,
  quote: string | undefined,
  separator: string | undefined,
): boolean =>
  quote === undefined &&
  separator === "=" &&
  name.length <= MAX_KEY &&
  lowerEnvKeyName.test(name) &&
  isLineStart(text, at);

/**
 * PHP's print_r line, `[password] => value` (a key not quoted): 1 with the value on the same line,
 * 2 with none (the next line is the next key), 0 for any other key.
 */
const printRLine = (
  text: string,
  at: number,
  match: string,
  name: string,
  separator: string | undefined,
): number =>
  separator !== "=>" || text.charCodeAt(at - 1) !== 91 || text.charCodeAt(at + name.length) !== 93
    ? 0
    : /[\r\n]|\\[nr]/.test(match.slice(match.lastIndexOf("=>")))
      ? 2
      : 1;
/** The rest of a print_r line: up to a line break (raw or JSON-escaped) or a quote. */
const printRun = /(?:[^\r\n"\\]|\\[^nr"]){1,1024}/y;

/** A hash in hex (Digest's `response`). */
const hexRun = /[0-9a-f]{32,128}(?![\w])/iy;

const singleQuoteAt = /* @__PURE__ */ new RegExp(singleQuote, "iy");
/** A run of base64 (a signature), within 1,024 characters. */
const base64Run = /[A-Za-z0-9+/=]{1,1024}/y;
/** End of a base64 value from `from` when `quote` closes it right after, else -1. */
const base64End = (text: string, from: number, quote: string): number => {
  const end = runEnd(base64Run, text, from);
  return end > from && text.startsWith(quote, end) ? end : -1;
};

/** A MySQL index name after `for key ` (group 1), in any of the quotes {@link singleQuote} covers. */
const indexName = /* @__PURE__ */ new RegExp(
  String.raw`(?:${singleQuote})([\w.$-]{1,64})(?:${singleQuote})`,
  "iy",
);
/** What ends an index name but says nothing about the column (`_unique`, Postgres' `_key`). */
const indexSuffix = /_(?:unique|uniq|key|idx|index|uk|ukey|ux)$/i;
/**
 * Whether a unique index holds a secret column: `users.api_key`, `api_token_unique`,
 * `users_api_key_key`, `index_users_on_api_token` (not `PRIMARY` nor `users_email_unique`).
 */
const isSecretIndex = (name: string): boolean => {
  let n = name.slice(name.lastIndexOf(".") + 1).replace(/^(?:uniq|unique|uk|ux|idx|index)_/i, "");
  for (let i = 0; i < 3; i++) {
    if (isSecretName(n)) return true;
    const shorter = n.replace(indexSuffix, "");
    if (shorter === n) return false;
    n = shorter;
  }
  return false;
};
/**
 * End of MySQL's duplicate entry from `from` (`Duplicate entry '...' for key 'users.api_key'`) when
 * the key holds a secret, else -1: within 512 characters and the line or JSON string it is in.
 */
const duplicateEntryEnd = (text: string, from: number, quote: string): number => {
  const limit = Math.min(text.length, from + 512);
  for (let i = from; i < limit; i++) {
    if (text.startsWith(quote, i) && text.startsWith(" for key ", i + quote.length)) {
      indexName.lastIndex = i + quote.length + 9;
      const key = indexName.exec(text);
      return i > from && key !== null && isSecretIndex(key[1] as string) ? i : -1;
    }
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 10 || c === 13 || c === 34) return -1;
  }
  return -1;
};

/** curl's `user:password` after `-u`: the quote, the user, the password. */
const curlPair = /(['"]?)([^\s:'"\\]{1,64}):([^\s'"\\]{1,256})/y;

/**
 * Start of a Go MySQL DSN's `user:password` that ends at the `@` at `at` (at most 256 characters
 * back, and not before `last`), or -1 when it holds no `:` or is longer.
 */
const dsnUserStart = (text: string, at: number, last: number): number => {
  let i = at;
  let colon = -1;
  for (; i > last; i--) {
    if (at - i >= 256) return -1;
    const c = text.charCodeAt(i - 1);
    // White space, quotes, brackets and separators end it; a JSON escape too (`\n`, `\u0027`).
    if (c <= 32 || dsnStops.includes(text.charAt(i - 1))) break;
    if (c === 92) {
      i += text.charCodeAt(i) === 117 ? 5 : 1;
      break;
    }
    if (c === 58) colon = i - 1;
  }
  return colon >= i ? i : -1;
};
const dsnStops = `"'\`=<>(),;[]{}`;

/** A table tag: a cell's end ends the value, any other tag of a table (an unclosed cell) stops it. */
const tableTag = /<(\/?)(t[dhr]|table)(?=[\s>])/iy;
/**
 * End of a table cell's content from `from` (before its `</td>`), or -1 when another cell or row
 * comes first, the content is longer than 8 KiB, or it holds a quote not escaped in a JSON text
 * (where that quote ends a string: the cell would cross it).
 */
const cellEnd = (text: string, from: number, json: boolean): number => {
  const limit = Math.min(text.length, from + 8_192);
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34 && json) return -1;
    else if (c === 60) {
      tableTag.lastIndex = i;
      const tag = tableTag.exec(text);
      if (tag !== null) return tag[1] === "/" && /^td$/i.test(tag[2] as string) ? i : -1;
    }
  }
  return -1;
};
/**
 * Whether a text is JSON (an object, an array or a string), by its first character after at most 64
 * of white space (so that asking costs constant time).
 */
const isJsonText = (text: string): boolean => /^\s{0,64}["[{]/.test(text);
/** Whether a text is a JSON object or array (there a bare `"` only ever ends or starts a string). */
const isStructuredJson = (text: string): boolean => /^\s{0,64}[[{]/.test(text);

/** Where `search` next occurs in `text` from `from`, or past the text's end. */
const nextIndex = (text: string, search: string, from: number): number => {
  const i = text.indexOf(search, from);
  return i < 0 ? text.length + 1 : i;
};
/** An escaped XML element's text, up to its escaped closing tag, within the JSON string it may be in. */
const escapedElementText = /(?:[^<&"\\]|&(?!lt;)|\\(?!u003c)[^"]){0,16384}(?=&lt;\/|\\u003c\/)/iy;

/** A query or form parameter's start: `?`, `&` (also as `&amp;`, `\u0026`, `%26`), `%3F`. */
const paramStart = /(?:[?&]|&amp;|\\u0026|%(?:25)?(?:26|3f))$/i;
/**
 * `?pass=...`, `&pin=...`, a form body's `pw=...`: a short name (see `shortParam`) not quoted, after
 * what starts a query parameter or at the start of a line, then `=` (encoded or not).
 */
const isShortParam = (
  text: string,
  at: number,
  name: string,
  quote: string | undefined,
  separator: string | undefined,
): boolean => {
  if (quote !== undefined || name.length > 18) return false;
  // A name the scanner read from inside a JSON escape (`\npin`, `\u0026pass`): the name after it.
  const lead = text.charCodeAt(at - 1) === 92 ? escapeLead.exec(name) : null;
  const from = at + (lead === null ? 0 : lead[0].length);
  if (!shortParam.test(lead === null ? name : name.slice(lead[0].length))) return false;
  if (separator !== "=" && (separator === undefined || separator === "=>" || isColon(separator)))
    return false;
  const c = text.charCodeAt(from - 1);
  return (
    c === 38 ||
    c === 63 ||
    isLineStart(text, from) ||
    paramStart.test(text.slice(Math.max(0, from - 7), from))
  );
};
/** The rest of a JSON escape whose backslash precedes a name (`\n`, `\u0026`). */
const escapeLead = /^(?:[nrtbf]|u[0-9a-f]{4})/i;

/**
 * Where a value quoted with `open` (`'`, `"` or `\"`) from `from` closes, within 256 characters and
 * one line (a JSON-escaped line break ends it too) and the JSON string it may be in; -1 when it does
 * not.
 */
const quotedLineEnd = (text: string, from: number, open: string, json: boolean): number =>
  closingAt(text, from, open, json || open.length > 1, true);
/** A token after a name and white space: at least 16 characters of `[A-Za-z0-9_\-.+/=]`. */
const spacedTokenRun = /[\w\-.+/=]*/y;
/** A parser's word before `token`: `Unexpected token '<'` names a character of the input, not a secret. */
const parserToken = /(?:expected|unrecognized|unterminated|illegal)\s{1,4}$/i;
/**
 * Where the value after a name and white space (from `from`) lies, as `[start, end)`; empty unless the
 * name is a secret's and the value is quoted on one line (within 256 characters and the JSON string it
 * is in; a bare `"` opens none in a JSON text), or is a token: 16 characters or more, with a letter and
 * a digit (`API key is missing`, `refresh_token expired` stay).
 */
const spacedValueAt = (
  text: string,
  at: number,
  name: string,
  from: number,
  json: boolean,
): readonly [number, number] => {
  if (!(isSecretName(name) || isSpacedKey(text, at, name))) return [from, from];
  const c = text.charCodeAt(from);
  if (c === 39 || (c === 34 && !isStructuredJson(text)) || (c === 92 && text.charCodeAt(from + 1) === 34)) {
    if (/^token$/i.test(name) && parserToken.test(text.slice(Math.max(0, at - 18), at))) return [from, from];
    const open = c === 92 ? '\\"' : text.charAt(from);
    const start = from + open.length;
    const end = quotedLineEnd(text, start, open, json);
    return end > start ? [start, end] : [from, from];
  }
  let end = runEnd(spacedTokenRun, text, from);
  // A sentence's full stop is not part of the token.
  while (end > from && text.charCodeAt(end - 1) === 46) end--;
  if (end - from < 16) return [from, from];
  const value = text.slice(from, end);
  return /\d/.test(value) && /[A-Za-z]/.test(value) ? [from, end] : [from, from];
};

/** Laravel's `SQL: insert into users (...)`, up to the `(` of its column list. */
const sqlStatement = /* @__PURE__ */ new RegExp(sqlInsert, "gi");
/** From the column list's `)` to the `(` of the values. */
const sqlValues = /\)\s{0,8}values\s{0,8}\(/iy;
/**
 * Laravel's exception message shows a query with its bindings in place, unquoted: `(Connection:
 * mysql, SQL: insert into users (email, password) values (a@b.c, $2y$10$...))`. Where the columns
 * and the values pair up (as many values as columns, split at `, `), the values of secret-named
 * columns are replaced.
 */
const redactSqlBindings = (text: string): string => {
  let out = "";
  let last = 0;
  // The next `))`, line break and quote, once looked for (linear time on unclosed lists).
  let close2 = -1;
  let lineEnd = -1;
  let quoteAfter = -1;
  const re = sqlStatement;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const columnsFrom = re.lastIndex;
    const close = columnsEnd(text, columnsFrom);
    if (close < 0) continue;
    const valuesFrom = runEnd(sqlValues, text, close);
    if (valuesFrom <= close) continue;
    // The values end at the `)` a `)` follows (Laravel's own), before any line break or quote.
    if (close2 < valuesFrom) close2 = nextIndex(text, "))", valuesFrom);
    if (lineEnd < valuesFrom) lineEnd = nextIndex(text, "\n", valuesFrom);
    if (quoteAfter < valuesFrom) quoteAfter = nextIndex(text, '"', valuesFrom);
    const valuesEnd = close2;
    if (valuesEnd > lineEnd || valuesEnd > quoteAfter || valuesEnd - valuesFrom > 4_096) continue;
    const columns = text.slice(columnsFrom, close).split(",");
    const values = text.slice(valuesFrom, valuesEnd).split(", ");
    re.lastIndex = valuesEnd;
    if (columns.length !== values.length) continue;
    let at = valuesFrom;
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as string;
      if (value !== "" && isSecretName((columns[i] as string).replace(/[\s"`\\[\]]/g, ""))) {
        out += `${text.slice(last, at)}${REDACTED}`;
        last = at + value.length;
      }
      at += value.length + 2;
    }
  }
  return last === 0 ? text : out + text.slice(last);
};
/**
 * Where a column list from `from` ends (at its `)`, within 1,024 characters), or -1 when a line
 * break, a `(` or a quote not escaped comes first.
 */
const columnsEnd = (text: string, from: number): number => {
  const limit = Math.min(text.length, from + 1_024);
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 10 || c === 13 || c === 34 || c === 40) return -1;
    else if (c === 41) return i;
  }
  return -1;
};

/**
 * Replaces secrets in a piece of text: API keys of the common shapes (`rp_app_...`, `sk_live_...`,
 * `pk_live_...`, `rk_test_...`, `sk-...`, GitHub, GitLab, Slack and Shopify tokens, AWS key ids
 * including temporary `ASIA...` ones, Google API keys, JWTs), credentials after an auth scheme
 * (`Bearer`, `Basic`, any case), user info in URLs, and the values of secret-named keys in JSON,
 * escaped JSON, query strings, forms and `Name: value` lines (`"password": "..."`,
 * `accessToken=...`, `X-Amz-Signature=...`, `"credentials": {...}`), also where the quotes and
 * separators are character references (`password&#61;...`, `&quot;token&quot;:...`, as error pages
 * and XML faults write them), percent-escapes (`%3Faccess_token%3D...`) or JSON unicode escapes
 * (`password\u003d...`). JSON stays valid: a quoted
 * value becomes `"[REDACTED]"`. Linear time; text longer than 1 MiB is cut first.
 *
 * @example
 * ```ts
 * import { redactText } from "@faultline/core";
 * redactText("Bearer abcdefghijklmnop failed"); // "Bearer [REDACTED] failed"
 * redactText('{"password":"hunter22"}'); // '{"password":"[REDACTED]"}'
 * ```
 * @since 0.1.0
 */
export const redactText = (input: string): string => {
  if (input.length <= MAX_REMEMBERED && cleanTexts.has(input)) return input;
  const text = input.length > MAX_REDACT_CHARS ? `${input.slice(0, MAX_REDACT_CHARS)}…` : input;
  const out = mayHoldSecret(text) ? scanText(text) : text;
  if (out === input && input.length <= MAX_REMEMBERED) remember(input);
  return out;
};

/**
 * Short texts seen to hold nothing to redact (header values, codes, messages): APIs send the same
 * ones again and again, and a lookup costs less than a scan. Only texts that came out unchanged are
 * kept, so no secret is ever held here; the set is emptied when full, so its size stays bounded.
 */
const cleanTexts = /* @__PURE__ */ new Set<string>();
const MAX_REMEMBERED = 512;
const remember = (text: string): void => {
  if (cleanTexts.size >= 1_024) cleanTexts.clear();
  cleanTexts.add(text);
};

/** A key shape anywhere in a key name (see the scan's name branch). */
const tokenInName = /* @__PURE__ */ new RegExp(`${tokenShapes}|${awsKeyId}(?![A-Za-z0-9])`, "i");

/**
 * Internal: the scanner itself, without the cheap tests in front of it (tests check that those
 * never skip a text the scanner would change).
 */
export const scanText = (input: string): string => {
  // Values echoed after a field's name first: no single pattern of the scanner sees them; so do
  // the values of Laravel's SQL, paired with their columns.
  const echoed = /value|\(`/i.test(input) ? redactEchoed(input) : input;
  const text = echoed.includes("SQL:") ? redactSqlBindings(echoed) : echoed;
  const re = scanner;
  re.lastIndex = 0;
  // Pieces are joined into chunks of 512 as they come, so a text with many secrets keeps a few
  // large strings alive instead of one small string per secret (less work for the GC).
  const chunks: string[] = [];
  let parts: string[] = [];
  let last = 0;
  // Where the last Digest scheme was seen: its `response="..."` follows within the same header.
  let digestAt = Number.NEGATIVE_INFINITY;
  // The next end of a CDATA section and the next quote, once looked for (see the XML branch).
  let cdataClose = -1;
  let quoteAfter = -1;
  // Whether the text is JSON, once asked (see `cellEnd`).
  let jsonText: boolean | undefined;
  /** Replaces `text[from, end)` (`from` at or after `last`) and resumes scanning at `end`. */
  const replace = (from: number, end: number, replacement: string): void => {
    parts.push(text.slice(last, from), replacement);
    last = end;
    re.lastIndex = end;
  };
  let m: RegExpExecArray | null = re.exec(text);
  while (m !== null) {
    const at = m.index;
    const matchEnd = re.lastIndex;
    const userInfo = m[1];
    if (userInfo !== undefined) {
      // URL user info: `https://user:pass@host`, and `user%3Apass%40host` keeps its encoded `@`.
      parts.push(
        text.slice(last, at),
        REDACTED,
        userInfo.slice(userInfo.lastIndexOf(userInfo.endsWith("@") ? "@" : "%")),
      );
      last = matchEnd;
    } else if (m[2] !== undefined) {
      replace(at, runEnd(m[2].charCodeAt(0) === 45 ? pemRun : tokenRun, text, matchEnd), REDACTED);
    } else if (m[3] !== undefined) {
      if (/^digest/i.test(m[3])) digestAt = at;
      const end = runEnd(credentialRun, text, matchEnd);
      if (end > matchEnd && !isWord(text.slice(matchEnd, end))) replace(matchEnd, end, REDACTED);
    } else if (m[4] !== undefined) {
      const name = m[4];
      if (
        isSecretName(name) ||
        isSpacedKey(text, at, name) ||
        isLowerEnvKey(text, at, name, m[5], m[6]) ||
        isShortParam(text, at, name, m[5], m[6])
      ) {
        if (/^digest\s/i.test(text.slice(matchEnd, matchEnd + 7))) digestAt = at;
        // PHP's print_r (`[password] => ...`): the value is the rest of its line, or nothing.
        const printR = m[5] === undefined ? printRLine(text, at, m[0], name, m[6]) : 0;
        const [replacement, found] =
          printR === 2
            ? ["", matchEnd]
            : replaceValue(text, matchEnd, m[5] ?? "", m[6] ?? "", isLineKey(text, at, name));
        const end =
          printR === 1 && replacement === REDACTED
            ? Math.max(found, runEnd(printRun, text, matchEnd))
            : found;
        if (end > matchEnd) replace(matchEnd, end, replacement);
      } else if (at - digestAt <= 1_024 && m[6] === "=" && /^response$/i.test(name)) {
        // Digest's `response="<hex>"`: the hash of the password.
        const from =
          matchEnd + (text.startsWith('\\"', matchEnd) ? 2 : text.startsWith('"', matchEnd) ? 1 : 0);
        const end = runEnd(hexRun, text, from);
        if (end - from >= 32) replace(from, end, REDACTED);
      } else {
        // A key shape inside a name that is no secret's (`x.sk_live_...=1`, or after a JSON escape:
        // `\nsk_live_...`): the scan resumes where the shape starts, so it is found there.
        const inner = tokenInName.exec(name.slice(1));
        if (inner !== null) re.lastIndex = at + 1 + inner.index;
      }
    } else if (m[7] !== undefined) {
      // A quoted value after a phrase: Azure's signature, or MySQL's duplicate entry of a secret key.
      const open = runEnd(singleQuoteAt, text, matchEnd);
      const quote = text.slice(matchEnd, open);
      const end = /^s/i.test(m[7]) ? base64End(text, open, quote) : duplicateEntryEnd(text, open, quote);
      if (end > open) replace(open, end, REDACTED);
    } else if (m[8] !== undefined) {
      // curl's `-u user:password` (not `-u 1000:1000`, a user and group id).
      curlPair.lastIndex = matchEnd;
      const pair = curlPair.exec(text);
      if (pair !== null && !/^\d+:\d+$/.test(`${pair[2]}:${pair[3]}`)) {
        const from = matchEnd + (pair[1] as string).length + (pair[2] as string).length + 1;
        replace(from, from + (pair[3] as string).length, REDACTED);
      }
    } else if (m[10] !== undefined || (m[9] !== undefined && isSecretName(m[9]))) {
      // A secret flag's value after a space (`--token ...`), or MySQL's `-pSECRET`.
      const [replacement, end] = replaceValue(text, matchEnd, "", "=");
      if (end > matchEnd) replace(matchEnd, end, replacement);
    } else if (m[11] !== undefined) {
      // A Go MySQL DSN's `user:password` before `@tcp(...)`.
      const from = dsnUserStart(text, at, last);
      if (from >= 0) {
        parts.push(text.slice(last, from), REDACTED);
        last = at;
      }
    } else if (m[12] !== undefined && isSecretName(m[12])) {
      // A debug page's table: the cell after a secret's name, markup and all.
      jsonText ??= isJsonText(text);
      const end = cellEnd(text, matchEnd, jsonText);
      if (end > matchEnd) replace(matchEnd, end, REDACTED);
    } else if (m[13] !== undefined && isSecretName(m[13])) {
      // An XML element's text, up to its closing tag, or its CDATA section (within 16 KiB and the
      // JSON string it may be in: no quote before its end). The next `]]>` and `"` are looked for
      // only when the last ones found lie behind, so that unclosed sections cost linear time.
      if (text.startsWith("<![CDATA[", matchEnd)) {
        if (cdataClose < matchEnd) cdataClose = nextIndex(text, "]]>", matchEnd);
        if (quoteAfter < matchEnd) quoteAfter = nextIndex(text, '"', matchEnd);
        if (cdataClose < quoteAfter && cdataClose - matchEnd <= 16_384)
          replace(matchEnd, cdataClose + 3, `<![CDATA[${REDACTED}]]>`);
      } else {
        const end = runEnd(elementText, text, matchEnd);
        if (end > matchEnd) replace(matchEnd, end, REDACTED);
      }
    } else if (m[14] !== undefined && isSecretName(m[14])) {
      // An escaped XML element's text (`&lt;Password&gt;...&lt;/Password&gt;`).
      const end = runEnd(escapedElementText, text, matchEnd);
      if (end > matchEnd) replace(matchEnd, end, REDACTED);
    } else if (m[15] !== undefined) {
      // A value after a secret's name and white space: quoted (`password 'Hunter2!'`), or a token
      // (`API key 8f14e45f...`, `client_secret mismatch: got ...`).
      jsonText ??= isJsonText(text);
      const [from, end] = spacedValueAt(text, at, m[15], matchEnd, jsonText);
      if (end > from) replace(from, end, REDACTED);
      // Else scanning goes on inside the name: the match took it, and nothing it held was looked at.
      else re.lastIndex = at + 1;
    }
    if (re.lastIndex === at) re.lastIndex++;
    if (parts.length >= 512) {
      chunks.push(parts.join(""));
      parts = [];
    }
    m = re.exec(text);
  }
  if (last === 0) return text;
  parts.push(text.slice(last));
  chunks.push(parts.join(""));
  return chunks.join("");
};

/** Limits on the structured redaction walk, so hostile nesting costs bounded work. */
const MAX_DEPTH = 16;
const MAX_NODES = 2_000;

const redactString = (s: string): string =>
  redactText(s.length > MAX_VALUE_STRING ? `${s.slice(0, MAX_VALUE_STRING)}…` : s);

/**
 * Returns a redacted copy of a JSON-like value: the values of secret-named keys (any spelling:
 * `token`, `accessToken`, `client_secret`, `X-Api-Key`, ...) become `[REDACTED]` whatever they hold
 * (strings, numbers, arrays, objects); other strings are cut to 16 KiB and passed through
 * {@link redactText}. Nesting deeper than 16 levels or more than 2,000 nodes is cut and marked
 * `"[Truncated]"`. Keys such as `__proto__` are copied as plain own properties, never as prototypes.
 *
 * @example
 * ```ts
 * import { redactValue } from "@faultline/core";
 * redactValue({ user: "ann", token: "abc" }); // { user: "ann", token: "[REDACTED]" }
 * ```
 * @since 0.1.0
 */
export const redactValue = (value: unknown): unknown => {
  let budget = MAX_NODES;
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return redactString(v);
    if (v === null || typeof v !== "object")
      return typeof v === "function" || typeof v === "symbol" ? undefined : v;
    if (depth >= MAX_DEPTH || --budget <= 0) return "[Truncated]";
    if (Array.isArray(v)) {
      const pairs = isPairList(v);
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        if (budget <= 0) {
          out.push("[Truncated]");
          break;
        }
        const pair = v[i];
        out.push(pairs && isSecretPair(pair) ? [redactString(pair[0]), REDACTED] : walk(pair, depth + 1));
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      if (budget <= 0) break;
      let item: unknown;
      try {
        item = (v as Record<string, unknown>)[key];
      } catch {
        item = "[Unreadable]";
      }
      Object.defineProperty(out, key, {
        value: isSecretMember(v, key, item) ? REDACTED : walk(item, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return walk(value, 0);
};

/** Members that name a field, a header or a variable (`{ name, value }`, `{ field, rejectedValue }`). */
const nameKeys = [
  "name",
  "Name",
  "header",
  "field",
  "path",
  "param",
  "parameter",
  "property",
  "propertyPath",
  "key",
  "loc",
  "attr",
];
/** Members that hold the value such a member names. */
const valueKeys: ReadonlySet<string> = /* @__PURE__ */ new Set([
  "value",
  "Value",
  "input",
  "rejectedValue",
  "rejected_value",
  "invalidValue",
  "invalid_value",
  "val",
]);

/** A path's last segment (`body.password`, `user[password]`, `/data/password`, `["body", "password"]`). */
const lastSegment = (u: unknown): string | undefined => {
  const last = Array.isArray(u) ? u[u.length - 1] : u;
  if (typeof last !== "string" || last.length > 200) return undefined;
  const segments = last.split(/[./[\]]/);
  for (let i = segments.length - 1; i >= 0; i--) if (segments[i] !== "") return segments[i];
  return undefined;
};

/**
 * Whether an object names a secret and holds its value in another member: FastAPI's
 * `{ loc: ["body", "password"], input }`, express-validator's `{ path, value }`, Spring's
 * `{ field, rejectedValue }`, HAR and Kubernetes `{ name, value }`.
 */
const namesSecret = (o: object): boolean => {
  for (const key of nameKeys) {
    if (!Object.hasOwn(o, key)) continue;
    const name = lastSegment((o as Record<string, unknown>)[key]);
    if (name !== undefined && isSecretName(name)) return true;
  }
  return false;
};

/** `[["host", "a"], ["x-api-key", "..."]]`: header pairs as Node's and `Headers`' entries give them. */
const isPairList = (list: readonly unknown[]): boolean =>
  list.length > 0 &&
  list.length <= 256 &&
  list.every((pair) => Array.isArray(pair) && pair.length === 2 && typeof pair[0] === "string");

/** Whether the value of `key` is a secret: by its own name, or by what its object names. */
const isSecretMember = (o: object | undefined, key: string, item: unknown): boolean =>
  item != null &&
  typeof item !== "boolean" &&
  (isSecretKey(key) ||
    // Named by another member: only a string (`{ name: "tokens", value: 1234 }` is a count).
    (typeof item === "string" && o !== undefined && valueKeys.has(key) && namesSecret(o)));

/** A `[name, value]` pair of a pair list whose name is secret. */
const isSecretPair = (pair: readonly [string, unknown]): boolean =>
  isSecretMember(undefined, pair[0], pair[1]);

/** {@link isSecretName} of keys, remembered: bodies of one API repeat the same few keys. */
const isSecretKey = /* @__PURE__ */ memoize(isSecretName, MAX_KEY);

/**
 * Internal (decode): a JSON body's snapshot text when the body names a secret in one member and
 * holds it in another (see `namesSecret`), which no scan of the text can see: the text redacted as
 * text, with each such value (as JSON writes it) replaced too. `undefined` for any other body.
 */
export const redactNamedPairs = (text: string, json: unknown): string | undefined => {
  // Only a text with a value member or a list of lists can hold a pair (a cheap test first).
  if (!(text.includes('alue"') || text.includes('nput"') || text.includes('"val"') || /\[\s*\[/.test(text)))
    return undefined;
  const secrets = namedSecrets(json);
  if (secrets.length === 0) return undefined;
  let out = redactText(text);
  for (const secret of secrets) out = out.replaceAll(JSON.stringify(secret), `"${REDACTED}"`);
  return out;
};

/** At most this many values named secret by another member are looked for in a body's text. */
const MAX_NAMED = 32;

/** The strings a value holds under a member another member names secret (see `namesSecret`). */
const namedSecrets = (value: unknown): string[] => {
  const found = new Set<string>();
  let budget = MAX_NODES;
  const visit = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== "object" || depth >= MAX_DEPTH || --budget <= 0 || found.size >= MAX_NAMED)
      return;
    if (Array.isArray(v)) {
      const pairs = isPairList(v);
      for (const item of v) {
        if (pairs && isSecretPair(item)) found.add(item[1]);
        else visit(item, depth + 1);
      }
      return;
    }
    for (const key of Object.keys(v)) {
      const item = (v as Record<string, unknown>)[key];
      if (valueKeys.has(key) && typeof item === "string" && isSecretMember(v, key, item)) found.add(item);
      else visit(item, depth + 1);
    }
  };
  visit(value, 0);
  // Not the empty string: replacing `""` would redact every empty string of the body.
  return [...found].filter((s) => s !== "");
};

/** Whether `redactValue` would copy `value` without cutting anything (depth, node count, strings). */
const withinLimits = (value: unknown): boolean => {
  let budget = MAX_NODES;
  const fits = (v: unknown, depth: number): boolean => {
    if (typeof v === "string") return v.length <= MAX_VALUE_STRING;
    if (v === null || typeof v !== "object") return typeof v !== "function" && typeof v !== "symbol";
    if (depth >= MAX_DEPTH || --budget <= 0) return false;
    if (Array.isArray(v)) {
      if (isPairList(v) && v.some(isSecretPair)) return false;
      for (let i = 0; i < v.length; i++) if (!fits(v[i], depth + 1)) return false;
      return true;
    }
    for (const key of Object.keys(v)) {
      const item = (v as Record<string, unknown>)[key];
      // A secret-named key is redacted whatever its value and however the text spaced it.
      if (isSecretMember(v, key, item)) return false;
      if (!fits(item, depth + 1)) return false;
    }
    return true;
  };
  return fits(value, 0);
};

/**
 * Internal (decode): whether `redactText(text)` returns `text` unchanged, and so does every piece of
 * it. One scan of a body then covers the code, message, ids and details read from it.
 */
export const isCleanText = (text: string): boolean => cleanTextState(text) !== MAY_HOLD;

/**
 * Internal (decode): {@link isCleanText} in more detail: `NO_HINT` when the text has no word any
 * secret name or shape starts with (so no member of it names a secret either, see
 * `redactNamedPairs`), `HINTS_ONLY` when it has some but is clean, `MAY_HOLD` when it may hold a secret.
 */
export const cleanTextState = (text: string): number =>
  text.length > MAX_REDACT_CHARS ? MAY_HOLD : hintState(text);

/**
 * Internal (decode): {@link redactValue} of a value that `JSON.parse` read from a clean text (see
 * `isCleanText`) with no escapes. Every key and string in it is a piece of that text, so nothing in
 * it is secret, and the redacted copy would equal the value itself unless the walk's limits cut it.
 */
export const redactCleanValue = (value: unknown): unknown =>
  withinLimits(value) ? value : redactValue(value);

/**
 * Returns a redacted copy of headers as a plain record with lower-case names: sensitive headers get
 * `[REDACTED]`, other values pass through {@link redactText}.
 *
 * @example
 * ```ts
 * import { redactHeaders } from "@faultline/core";
 * redactHeaders({ Authorization: "Bearer x", "X-Request-Id": "r1" });
 * // { authorization: "[REDACTED]", "x-request-id": "r1" }
 * ```
 * @since 0.1.0
 */
export const redactHeaders = (
  headers: Iterable<readonly [string, string]> | Record<string, string>,
): Record<string, string> => {
  const out: Record<string, string> = {};
  const entries = Symbol.iterator in headers ? headers : Object.entries(headers);
  for (const [name, value] of entries as Iterable<readonly [string, string]>) {
    setRedactedHeader(out, lowerName(String(name)), String(value));
  }
  return out;
};

/**
 * Internal (decode): how a header's value goes into a snapshot (see `redactHeaderValue`), decided
 * once per lower-case name.
 */
export { headerKind };

/**
 * Internal (decode): a header's value as a snapshot keeps it, given its name's {@link headerKind}:
 * replaced whole for a credential header, else scanned like any text.
 */
export const redactHeaderValue = (kind: number, text: string): string =>
  kind === SENSITIVE ? REDACTED : redactText(text);

/** Sets a header on a snapshot record; a header named `__proto__` stays a plain own property. */
export const setHeader = (out: Record<string, string>, lower: string, value: string): void => {
  if (lower === "__proto__")
    Object.defineProperty(out, lower, { value, enumerable: true, writable: true, configurable: true });
  else out[lower] = value;
};

const setRedactedHeader = (out: Record<string, string>, lower: string, text: string): void => {
  setHeader(out, lower, redactHeaderValue(headerKind(lower), text));
};

const userInfo = /^([a-z][a-z0-9+.-]{0,31}:\/\/)[^/?#\s]{0,1024}@/i;
/** An OAuth authorization code or a function key (Azure Functions) in a query string. */
const codeParam = /([?&]code=)[^&#\s]{12,}/gi;

/**
 * Redacts credentials in a URL: user info and the values of secret-named query parameters
 * (`api_key`, `access_token`, `X-Amz-Signature`, `X-Amz-Credential`, `X-Goog-Signature`, `sig`, ...),
 * of `code` (an OAuth authorization code, an Azure Functions key), and key-shaped strings anywhere
 * in it (a Telegram bot token in the path, Slack and Discord webhook URLs).
 *
 * @example
 * ```ts
 * import { redactUrl } from "@faultline/core";
 * redactUrl("https://u:p@api.test/x?api_key=abc&page=2"); // "https://[REDACTED]@api.test/x?api_key=[REDACTED]&page=2"
 * ```
 * @since 0.1.0
 */
export const redactUrl = (url: string): string =>
  redactText(
    (url.includes("@") ? url.replace(userInfo, `$1${REDACTED}@`) : url).replace(codeParam, `$1${REDACTED}`),
  );
