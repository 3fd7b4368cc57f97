import { NotFoundError } from "@faultline/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";

describe("server rendering", () => {
  it("imports without a DOM and renders the boundary's children", async () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe("undefined");
    const { QueryApiErrorBoundary } = await import("../src/index");
    const html = renderToString(
      <QueryClientProvider client={new QueryClient()}>
        <QueryApiErrorBoundary fallback={({ error }) => <p>{error.message}</p>}>
          <p>content</p>
        </QueryApiErrorBoundary>
      </QueryClientProvider>,
    );
    expect(html).toContain("content");
  });

  it("throws an API error raised while rendering on the server (React runs no boundaries there)", async () => {
    const { QueryApiErrorBoundary } = await import("../src/index");
    const Fail = () => {
      throw new NotFoundError({ message: "gone" });
    };
    expect(() =>
      renderToString(
        <QueryClientProvider client={new QueryClient()}>
          <QueryApiErrorBoundary fallback={() => <p>fallback</p>}>
            <Fail />
          </QueryApiErrorBoundary>
        </QueryClientProvider>,
      ),
    ).toThrow("gone");
  });
});
