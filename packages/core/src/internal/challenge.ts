/**
 * RFC 6750 §3 error challenges in `WWW-Authenticate` (and RFC 9470's step-up errors), e.g.
 * `Bearer realm="example", error="invalid_token", error_description="The access token expired"`.
 * Parses only the auth-params `error`, `error_description` and `scope` of the first challenge that
 * carries an `error`; bounded (the header is cut to 4 KiB and scanned once), never throws.
 */

const MAX_HEADER = 4 * 1024;

export interface BearerChallenge {
  readonly error: string;
  readonly description?: string | undefined;
  readonly scope?: string | undefined;
}

// One step of a scan: separators, then an auth-param (token BWS "=" BWS ( token / quoted-string ),
// RFC 9110 §11.2) or, failing that, a bare token: the scheme (`Bearer`, `DPoP`, `Basic`...) that
// starts the next challenge, or a token68.
const step =
  /[\s,]*(?:([\w!#$%&'*+.^`|~-]{1,64})[ \t]*=[ \t]*(?:"((?:[^"\\]|\\[\s\S]){0,2048})"|([^\s,"]{1,2048}))|[^\s,]+)/y;

const unquote = (s: string): string => s.replace(/\\([\s\S])/g, "$1");

/**
 * Reads the first challenge with an `error` parameter. Returns `undefined` when there is none.
 */
export const parseBearerChallenge = (header: string): BearerChallenge | undefined => {
  const text = header.slice(0, MAX_HEADER);
  let current: { error?: string; description?: string; scope?: string } = {};
  step.lastIndex = 0;
  for (let m = step.exec(text); m !== null; m = step.exec(text)) {
    const name = m[1]?.toLowerCase();
    if (name === undefined) {
      // A new challenge: stop at the end of the first one that carries an error.
      if (current.error !== undefined) break;
      current = {};
      continue;
    }
    const value = m[2] !== undefined ? unquote(m[2]) : (m[3] ?? "");
    if (name === "error") current.error = value;
    else if (name === "error_description") current.description = value;
    else if (name === "scope") current.scope = value;
  }
  return current.error?.trim()
    ? { error: current.error, description: current.description, scope: current.scope }
    : undefined;
};
