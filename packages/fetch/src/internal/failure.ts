/**
 * Rejections of the underlying fetch that no retry can fix. Runtimes reject with a `TypeError` both
 * for network failures and for a request that can never succeed (undici's "fetch failed" wraps a
 * redirect loop, an unexpected redirect or an unknown scheme in `cause`; a URL that does not parse;
 * a body on GET). Those become a non-retryable `Unexpected` here, before the retry loop sees them,
 * so they cost no more requests than bare fetch.
 */
import { UnexpectedError } from "@faultline/core";

const own = (u: unknown, key: string): unknown => {
  try {
    return typeof u === "object" && u !== null ? (u as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
};

const kinds: ReadonlyArray<readonly [RegExp, string]> = [
  [/redirect count exceeded|too many redirects/i, "Too many redirects (a redirect loop?)"],
  [/unexpected redirect/i, 'The server redirected, and redirects are set to fail (`redirect: "error"`)'],
  [/failed to parse url|invalid url/i, "The request URL is not a valid absolute URL"],
  [
    /unknown scheme|url scheme must be|not supported yet|unsupported protocol/i,
    "The request URL's scheme is not supported by fetch",
  ],
  [/cannot have body|duplex option is required/i, "The request's body is not allowed for this request"],
];

/** The non-transient failure `thrown` stands for, if it is one: walks `cause` a few levels down. */
export const permanentFailure = (thrown: unknown): UnexpectedError | undefined => {
  let current: unknown = thrown;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const message = own(current, "message");
    if (typeof message === "string") {
      for (const [pattern, text] of kinds) {
        if (pattern.test(message))
          return new UnexpectedError({ message: text, retryable: false, cause: thrown });
      }
    }
    if (own(current, "code") === "ERR_INVALID_URL")
      return new UnexpectedError({
        message: "The request URL is not a valid absolute URL",
        retryable: false,
        cause: thrown,
      });
    current = own(current, "cause");
  }
  return undefined;
};
