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

// auth-param = token BWS "=" BWS ( token / quoted-string )   (RFC 9110 §11.2)
const param =
  /([A-Za-z0-9!#$%&'*+.^_`|~-]{1,64})[ \t]*=[ \t]*(?:"((?:[^"\\]|\\[\s\S]){0,2048})"|([^\s,"]{1,2048}))/gy;
const gap = /[\s,]*/y;

const unquote = (s: string): string => s.replace(/\\([\s\S])/g, "$1");

/**
 * Reads the first challenge with an `error` parameter. Returns `undefined` when there is none.
 */
export const parseBearerChallenge = (header: string): BearerChallenge | undefined => {
  const text = header.length > MAX_HEADER ? header.slice(0, MAX_HEADER) : header;
  let i = 0;
  let found: { error?: string; description?: string; scope?: string } | undefined;
  let current: { error?: string; description?: string; scope?: string } = {};
  while (i < text.length) {
    gap.lastIndex = i;
    gap.test(text);
    i = gap.lastIndex;
    if (i >= text.length) break;
    param.lastIndex = i;
    const m = param.exec(text);
    if (m) {
      const name = (m[1] ?? "").toLowerCase();
      const value = m[2] !== undefined ? unquote(m[2]) : (m[3] ?? "");
      if (name === "error") current.error = value;
      else if (name === "error_description") current.description = value;
      else if (name === "scope") current.scope = value;
      i = param.lastIndex;
      continue;
    }
    // A new challenge starts with its scheme token (`Bearer`, `DPoP`, `Basic`...).
    if (current.error !== undefined) {
      found = current;
      break;
    }
    current = {};
    let j = i;
    while (j < text.length && !/[\s,]/.test(text.charAt(j))) j++;
    i = j === i ? i + 1 : j;
  }
  found ??= current.error !== undefined ? current : undefined;
  if (found?.error === undefined || found.error.trim() === "") return undefined;
  return { error: found.error, description: found.description, scope: found.scope };
};
