// @vitest-environment happy-dom
// The recommended server-rendering pattern, end to end: HTML rendered on the server with an API
// error inside <Suspense>, hydrated on the client, where the boundary shows the fallback by code.
import { NotFoundError } from "@faultline/core";
import { act, Suspense } from "react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiErrorBoundary, type ErrorReport, reportRootErrors } from "../src/index";
import "./render";

const User = (): never => {
  throw new NotFoundError({ code: "NOT_FOUND", message: "No such user", requestId: "req_h" });
};

const App = () => (
  <main>
    <h1>Profile</h1>
    <ApiErrorBoundary codes={{ NOT_FOUND: ({ error }) => <p>No user here ({error.requestId})</p> }}>
      <Suspense fallback={<p>loading</p>}>
        <User />
      </Suspense>
    </ApiErrorBoundary>
  </main>
);

describe("hydrating server HTML that failed with an API error", () => {
  it("shows the fallback for the code on the client and reports by code", async () => {
    const html = renderToString(<App />);
    expect(html).toContain("loading");
    const container = document.createElement("div");
    container.innerHTML = html;
    document.body.append(container);
    const reports: ErrorReport[] = [];
    await act(async () => {
      hydrateRoot(container, <App />, reportRootErrors({ report: (r) => reports.push(r) }));
    });
    expect(container.textContent).toBe("ProfileNo user here (req_h)");
    // The client render threw the error again; the boundary caught it.
    expect(reports).toContainEqual(
      expect.objectContaining({ phase: "caught", kind: "NotFound", code: "NOT_FOUND", requestId: "req_h" }),
    );
    container.remove();
  });
});
