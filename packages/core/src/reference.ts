/**
 * Error reference pages: the document an API provider publishes (code, HTTP status, meaning, causes,
 * resolution, whether to retry), rendered from its catalog instead of written by hand.
 *
 * @since 0.1.0
 */
import type { AnyCatalog } from "./Catalog";
import { isRetryableStatus, statusTitle } from "./status";

/**
 * One row of an error reference: what {@link referenceEntries} returns for each code of a catalog.
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@faultline/core";
 * import { referenceEntries, type ReferenceEntry } from "@faultline/core/reference";
 * const rows: ReferenceEntry[] = referenceEntries(standardCatalog);
 * rows.find((row) => row.code === "RATE_LIMITED")?.retryable; // true
 * ```
 * @since 0.1.0
 */
export interface ReferenceEntry {
  /** The machine code, as the API sends it. */
  readonly code: string;
  /** The HTTP status sent with the code. */
  readonly status: number;
  /** The status line's reason phrase (`"Not Found"`). */
  readonly statusText: string;
  /** The code's short title; the code itself when the catalog gives none. */
  readonly title: string;
  /** What the code means (empty when the catalog gives no description). */
  readonly description: string;
  /** Why it happens. */
  readonly causes: readonly string[];
  /** What to do about it. */
  readonly resolution: readonly string[];
  /** Whether a client retries it: the catalog's override, else the status rule of the retry policy. */
  readonly retryable: boolean;
  /** Where the code is documented. */
  readonly sources: readonly string[];
}

/**
 * Options of {@link renderReference} and {@link referenceEntries}.
 *
 * @example
 * ```ts
 * import type { ReferenceOptions } from "@faultline/core/reference";
 * const options: ReferenceOptions = { title: "Acme API errors", order: "status", document: false };
 * ```
 * @since 0.1.0
 */
export interface ReferenceOptions {
  /** The page's heading and `<title>` (default: `"<catalog name> error reference"`). */
  readonly title?: string;
  /** A paragraph under the heading (plain text, escaped). */
  readonly intro?: string;
  /** `"status"` (default) sorts by HTTP status, keeping catalog order within a status; `"catalog"` keeps declaration order. */
  readonly order?: "status" | "catalog";
  /** `true` (default): a complete HTML document; `false`: a fragment to embed in your own layout. */
  readonly document?: boolean;
  /** Embed the default stylesheet (default `true`; only with `document`). */
  readonly style?: boolean;
}

/**
 * The rows of an error reference for a catalog: one per code, with status, meaning, causes,
 * resolution and retryability.
 *
 * Use it to build your own page or docs (Markdown, a docs site component); use
 * {@link renderReference} for a ready HTML page.
 *
 * @example
 * ```ts
 * import { defineCatalog } from "@faultline/core";
 * import { referenceEntries } from "@faultline/core/reference";
 * const acme = defineCatalog({ QUOTA_EXHAUSTED: { status: 429, title: "Quota exhausted", retryable: false } });
 * const [row] = referenceEntries(acme);
 * row?.retryable; // false: the catalog overrides the 429 rule
 * ```
 * @since 0.1.0
 */
export const referenceEntries = (
  catalog: AnyCatalog,
  options: Pick<ReferenceOptions, "order"> = {},
): ReferenceEntry[] => {
  const rows: ReferenceEntry[] = [];
  for (const code of catalog.list as readonly string[]) {
    const spec = catalog.get(code);
    if (spec === undefined) continue;
    rows.push({
      code,
      status: spec.status,
      statusText: statusTitle(spec.status),
      title: spec.title.trim() === "" ? code : spec.title,
      description: spec.description ?? "",
      causes: [...(spec.causes ?? [])],
      resolution: [...(spec.resolution ?? [])],
      retryable: spec.retryable ?? isRetryableStatus(spec.status),
      sources: [...(spec.sources ?? [])],
    });
  }
  // Array.prototype.sort is stable: codes of one status keep the catalog's order.
  if ((options.order ?? "status") === "status") rows.sort((a, b) => a.status - b.status);
  return rows;
};

const escapes: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and quoted attribute values. */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

/** An `id` that is safe in HTML and that `#fragment` links reach: the code, escaped. */
const anchor = (code: string): string => escapeHtml(code.replace(/\s+/g, "_"));

const list = (items: readonly string[]): string =>
  `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>`;

const defaultStyle = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:24px;color:#1d2330}
h1{margin:0 0 8px}table{border-collapse:collapse;width:100%;margin:16px 0 32px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #e3e6ec;vertical-align:top}
code{font:13px ui-monospace,monospace;background:#f2f4f7;padding:1px 5px;border-radius:4px}
section{border-top:1px solid #e3e6ec;padding:8px 0 16px}section h2{font-size:18px;margin:12px 0 4px}
.status{color:#5b6475}.yes{color:#0a7a3d}.no{color:#9a3412}h3{font-size:14px;margin:12px 0 0}`;

/**
 * Renders the error reference page of a catalog as HTML: a summary table (code, status, title,
 * retryable) linking to one section per code with its meaning, causes and resolution. Every string
 * from the catalog is HTML-escaped. Each section's `id` is its code, so
 * `encode(error, { format: "problem", typeBaseUrl: "https://api.example.com/errors#" })` points each
 * problem's `type` at its entry.
 *
 * Use it to publish your API's error reference from the same catalog your server encodes with and
 * your clients decode with; serve the string as `text/html`.
 *
 * @example
 * ```ts
 * import { standardCatalog } from "@faultline/core";
 * import { renderReference } from "@faultline/core/reference";
 *
 * const page = renderReference(standardCatalog, { title: "Acme API errors" });
 * // In any fetch-style handler (Node, Bun, Deno, workers):
 * const handle = (_request: Request): Response =>
 *   new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
 * ```
 * @since 0.1.0
 */
export const renderReference = (catalog: AnyCatalog, options: ReferenceOptions = {}): string => {
  const rows = referenceEntries(catalog, options);
  const title = options.title ?? `${catalog.name} error reference`;
  const summary = rows
    .map(
      (row) =>
        `<tr data-code="${escapeHtml(row.code)}"><td><a href="#${anchor(row.code)}"><code>${escapeHtml(row.code)}</code></a></td>` +
        `<td>${row.status}</td><td>${escapeHtml(row.title)}</td>` +
        `<td class="${row.retryable ? "yes" : "no"}">${row.retryable ? "yes" : "no"}</td></tr>`,
    )
    .join("\n");
  const sections = rows
    .map((row) =>
      [
        `<section id="${anchor(row.code)}" data-code="${escapeHtml(row.code)}">`,
        `<h2><code>${escapeHtml(row.code)}</code> ${escapeHtml(row.title)}</h2>`,
        `<p class="status">HTTP ${row.status} ${escapeHtml(row.statusText)} · retryable: ${row.retryable ? "yes" : "no"}</p>`,
        row.description === "" ? "" : `<p>${escapeHtml(row.description)}</p>`,
        row.causes.length === 0 ? "" : `<h3>Causes</h3>${list(row.causes)}`,
        row.resolution.length === 0 ? "" : `<h3>Resolution</h3>${list(row.resolution)}`,
        "</section>",
      ]
        .filter((line) => line !== "")
        .join("\n"),
    )
    .join("\n");
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    options.intro === undefined ? "" : `<p>${escapeHtml(options.intro)}</p>`,
    "<table><thead><tr><th>Code</th><th>Status</th><th>Meaning</th><th>Retryable</th></tr></thead>",
    `<tbody>\n${summary}\n</tbody></table>`,
    sections,
  ]
    .filter((line) => line !== "")
    .join("\n");
  if (options.document === false) return `<div class="faultline-reference">\n${body}\n</div>`;
  const style = options.style === false ? "" : `<style>${defaultStyle}</style>\n`;
  return (
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(title)}</title>\n${style}</head>\n<body>\n${body}\n</body>\n</html>\n`
  );
};
