// Server rendering, in Node with no DOM at all (vitest's node environment).
import { isApiError, NotFoundError } from "@faultline/core";
import { Suspense } from "react";
import { renderToReadableStream, renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { ApiErrorBoundary, createApiErrorBoundary, type ErrorReport, toErrorReport } from "../src/index";

const missing = () => new NotFoundError({ code: "NOT_FOUND", message: "No such user", requestId: "req_ssr" });

const User = ({ fail }: { fail: boolean }) => {
  if (fail) throw missing();
  return <p>user ann</p>;
};

const readAll = async (stream: ReadableStream<Uint8Array>): Promise<string> => new Response(stream).text();

describe("the package on the server", () => {
  it("imports the built entry with no window or document, keeping the 'use client' directive", async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe("undefined");
    expect(typeof (globalThis as { document?: unknown }).document).toBe("undefined");
    const built = await import("../dist/index.js");
    expect(typeof built.ApiErrorBoundary).toBe("function");
    const { readFile } = await import("node:fs/promises");
    const source = await readFile(new URL("../dist/index.js", import.meta.url), "utf8");
    expect(source.startsWith('"use client";')).toBe(true);
  });

  it("renders boundaries with renderToString and renderToReadableStream", async () => {
    const { ApiErrorBoundary: Typed } = createApiErrorBoundary(
      (await import("@faultline/core")).standardCatalog,
    );
    const tree = (
      <ApiErrorBoundary fallback={() => <p>failed</p>}>
        <Typed codes={{ NOT_FOUND: () => <p>missing</p> }}>
          <User fail={false} />
        </Typed>
      </ApiErrorBoundary>
    );
    expect(renderToString(tree)).toBe("<p>user ann</p>");
    expect(await readAll(await renderToReadableStream(tree))).toBe("<p>user ann</p>");
  });
});

describe("an API error thrown while rendering on the server", () => {
  // React does not run error boundaries on the server: the boundary's fallback is not rendered there.
  const bare = (
    <ApiErrorBoundary codes={{ NOT_FOUND: () => <p>missing</p> }}>
      <User fail />
    </ApiErrorBoundary>
  );

  it("outside Suspense, renderToString throws the error itself (the boundary does not render)", () => {
    let thrown: unknown;
    try {
      renderToString(bare);
    } catch (error) {
      thrown = error;
    }
    expect(isApiError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ _tag: "NotFound", code: "NOT_FOUND", requestId: "req_ssr" });
  });

  it("outside Suspense, renderToReadableStream rejects (shell error) and calls onError", async () => {
    const onError = vi.fn();
    const result = renderToReadableStream(bare, { onError });
    await expect(result).rejects.toMatchObject({ _tag: "NotFound", code: "NOT_FOUND" });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(isApiError(onError.mock.calls[0]?.[0])).toBe(true);
  });

  // The recommended pattern: a <Suspense> inside the boundary. The server sends the Suspense
  // fallback and reports the error (onError); the client renders that part again after hydration,
  // the error is thrown there, and the boundary shows the fallback for its code.
  const withSuspense = (
    <ApiErrorBoundary codes={{ NOT_FOUND: () => <p>fallback for NOT_FOUND</p> }}>
      <Suspense fallback={<p>loading</p>}>
        <User fail />
      </Suspense>
    </ApiErrorBoundary>
  );

  it("inside Suspense, the stream sends the Suspense fallback and onError gets the API error", async () => {
    const reports: ErrorReport[] = [];
    const stream = await renderToReadableStream(withSuspense, {
      onError: (error) => {
        reports.push(toErrorReport(error, "server"));
      },
    });
    const html = await readAll(stream);
    expect(html).toContain("loading");
    expect(html).toContain("<!--$!-->"); // the client renders this Suspense boundary again
    expect(html).not.toContain("fallback for NOT_FOUND");
    expect(reports).toEqual([
      expect.objectContaining({ phase: "server", kind: "NotFound", code: "NOT_FOUND", requestId: "req_ssr" }),
    ]);
  });

  it("inside Suspense, renderToString returns the Suspense fallback instead of throwing", () => {
    const html = renderToString(withSuspense);
    expect(html).toContain("loading");
    expect(html).toContain("<!--$!-->"); // the client renders this Suspense boundary again
    expect(html).not.toContain("fallback for NOT_FOUND");
  });
});
