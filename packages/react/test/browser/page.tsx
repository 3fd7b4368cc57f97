// The page the Chromium test loads: a catalog-typed boundary around a profile that loads from the
// test server, with React 19 root options reporting errors. Bundled by esbuild in browser.test.ts.
import { decodeResponse, defineCatalog } from "@faultline/core";
import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { createApiErrorBoundary, type ErrorReport, reportRootErrors } from "../../src/index";

const api = defineCatalog({
  USER_NOT_FOUND: { status: 404, title: "User not found" },
  RATE_LIMITED: { status: 429, title: "Rate limited" },
});
const { ApiErrorBoundary, useApiErrorBoundary } = createApiErrorBoundary(api);

const Profile = () => {
  const { showBoundary } = useApiErrorBoundary();
  const [name, setName] = useState<string>();
  useEffect(() => {
    fetch("/api/user")
      .then(async (res) => {
        if (!res.ok) throw await decodeResponse(res, { catalog: api });
        setName(((await res.json()) as { name: string }).name);
      })
      .catch(showBoundary);
  }, [showBoundary]);
  return <p id="user">{name === undefined ? "loading" : `Hello ${name}`}</p>;
};

const App = () => (
  <ApiErrorBoundary
    codes={{
      USER_NOT_FOUND: ({ error, reset }) => (
        <div>
          <p id="fallback">
            No such user ({error.code}, {error.requestId})
          </p>
          <button id="retry" type="button" onClick={reset}>
            Retry
          </button>
        </div>
      ),
    }}
    kinds={{
      TooManyRequests: ({ error, reset }) => (
        <div>
          <p id="fallback">Slow down: retry in {error.retryAfterMs} ms</p>
          <button id="retry" type="button" onClick={reset}>
            Retry
          </button>
        </div>
      ),
    }}
  >
    <Profile />
  </ApiErrorBoundary>
);

const reports: ErrorReport[] = [];
(globalThis as { __reports?: ErrorReport[] }).__reports = reports;
const container = document.getElementById("root");
if (container === null) throw new Error("no #root");
createRoot(container, reportRootErrors({ report: (r) => reports.push(r) })).render(<App />);
