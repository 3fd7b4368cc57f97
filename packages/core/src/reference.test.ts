import { describe, expect, it } from "vitest";
import { defineCatalog } from "./Catalog";
import { referenceEntries, renderReference } from "./reference";
import { standardCatalog } from "./standard";

describe("referenceEntries", () => {
  it("has one row per code of the standard catalog, with the catalog's fields", () => {
    const rows = referenceEntries(standardCatalog);
    expect(rows.map((r) => r.code).sort()).toEqual([...standardCatalog.list].sort());
    const balance = rows.find((r) => r.code === "INSUFFICIENT_BALANCE");
    expect(balance).toMatchObject({
      status: 402,
      statusText: "Payment Required",
      title: "Insufficient balance",
      retryable: false,
    });
    expect(balance?.resolution).toContain("Add funds to the account before retrying the transaction");
    expect(balance?.sources).toEqual(["002_d34427d61813f196.txt"]);
  });

  it("sorts by status, keeping catalog order within a status, or keeps catalog order", () => {
    const byStatus = referenceEntries(standardCatalog);
    const statuses = byStatus.map((r) => r.status);
    expect(statuses).toEqual([...statuses].sort((a, b) => a - b));
    const fours = byStatus.filter((r) => r.status === 400).map((r) => r.code);
    expect(fours).toEqual(standardCatalog.list.filter((c) => standardCatalog.get(c)?.status === 400));
    expect(referenceEntries(standardCatalog, { order: "catalog" }).map((r) => r.code)).toEqual(
      standardCatalog.list,
    );
  });

  it("takes retryable from the catalog's override, else from the status rule", () => {
    const catalog = defineCatalog({
      QUOTA_EXHAUSTED: { status: 429, title: "Quota exhausted", retryable: false },
      SLOW_DOWN: { status: 429, title: "Slow down" },
      GONE: { status: 410, title: "" },
      FLAKY_CONFLICT: { status: 409, title: "Flaky", retryable: true },
      UPSTREAM: { status: 502, title: "Upstream" },
    });
    const retryable = Object.fromEntries(referenceEntries(catalog).map((r) => [r.code, r.retryable]));
    expect(retryable).toEqual({
      QUOTA_EXHAUSTED: false,
      SLOW_DOWN: true,
      GONE: false,
      FLAKY_CONFLICT: true,
      UPSTREAM: true,
    });
    const gone = referenceEntries(catalog).find((r) => r.code === "GONE");
    expect(gone).toMatchObject({ title: "GONE", description: "", causes: [], resolution: [], sources: [] });
  });

  it("copies the arrays, so editing a row does not edit the catalog", () => {
    const row = referenceEntries(standardCatalog, { order: "catalog" })[0]!;
    (row.causes as string[]).push("edited");
    expect(standardCatalog.get(row.code)?.causes).not.toContain("edited");
  });
});

describe("renderReference", () => {
  it("lists every code of the standard catalog with a section and a summary row", () => {
    const html = renderReference(standardCatalog);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    for (const code of standardCatalog.list) {
      expect(html).toContain(`<section id="${code}" data-code="${code}">`);
      expect(html).toContain(`<tr data-code="${code}"><td><a href="#${code}">`);
    }
    expect(html).toContain("<title>standard error reference</title>");
    expect(html).toContain("HTTP 429 Too Many Requests · retryable: yes");
    expect(html).toContain("<li>Wait the number of seconds given in retryAfter, then retry</li>");
  });

  it("escapes every string that comes from the catalog or the options", () => {
    const hostile = defineCatalog(
      {
        '<img src=x onerror="alert(1)">': {
          status: 400,
          title: "<script>alert('t')</script>",
          description: "a & b < c",
          causes: ['"quoted" & <b>bold</b>'],
          resolution: ["it's </ul> fine"],
        },
      },
      { name: "<evil>" },
    );
    const html = renderReference(hostile, { intro: "<i>intro</i>" });
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<evil>/);
    expect(html).toContain("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("<p>a &amp; b &lt; c</p>");
    expect(html).toContain("<li>&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;</li>");
    expect(html).toContain("<li>it&#39;s &lt;/ul&gt; fine</li>");
    expect(html).toContain("<p>&lt;i&gt;intro&lt;/i&gt;</p>");
    expect(html).toContain("<title>&lt;evil&gt; error reference</title>");
    expect(html).toContain('id="&lt;img_src=x_onerror=&quot;alert(1)&quot;&gt;"');
  });

  it("renders a fragment without document or style, and honours title", () => {
    const fragment = renderReference(standardCatalog, { document: false, title: "Acme errors" });
    expect(fragment.startsWith('<div class="faultline-reference">')).toBe(true);
    expect(fragment).not.toMatch(/<html|<style|<head/);
    expect(fragment).toContain("<h1>Acme errors</h1>");
    const unstyled = renderReference(standardCatalog, { style: false });
    expect(unstyled).toContain("<html");
    expect(unstyled).not.toContain("<style>");
  });

  it("omits empty causes and resolution headings", () => {
    const html = renderReference(defineCatalog({ BARE: { status: 418, title: "Teapot" } }));
    expect(html).toContain('<section id="BARE" data-code="BARE">');
    expect(html).not.toContain("<h3>Causes</h3>");
    expect(html).not.toContain("<h3>Resolution</h3>");
    expect(html).toContain("HTTP 418");
  });
});
