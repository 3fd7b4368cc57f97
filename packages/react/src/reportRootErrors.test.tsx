// @vitest-environment happy-dom
import { inspect } from "node:util";
import { NotFoundError, TooManyRequestsError } from "@faultline/core";
import { createRoot } from "react-dom/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Mounted, mount, Throw } from "../test/render";
import { ApiErrorBoundary } from "./ApiErrorBoundary";
import { type ErrorReport, reportRootErrors, toErrorReport } from "./reportRootErrors";

let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

const secret = "sk_live_0123456789abcdefghij";

describe("toErrorReport", () => {
  it("describes an API error by kind and code, with the message redacted", () => {
    const report = toErrorReport(
      new TooManyRequestsError({
        code: "RATE_LIMITED",
        requestId: "req_42",
        message: `Rate limited for key ${secret}`,
        details: { token: secret },
        cause: new Error(`Authorization: Bearer ${secret}`),
      }),
      "server",
    );
    expect(report).toEqual({
      phase: "server",
      apiError: true,
      kind: "TooManyRequests",
      code: "RATE_LIMITED",
      status: 429,
      requestId: "req_42",
      retryable: true,
      name: "TooManyRequests",
      message: "Rate limited for key [REDACTED]",
      componentStack: undefined,
    });
    expect(JSON.stringify(report)).not.toContain(secret);
    expect(inspect(report)).not.toContain(secret);
  });

  it("revives serialized errors and unwraps an API error React put in `cause`", () => {
    const json: unknown = JSON.parse(JSON.stringify(new NotFoundError({ code: "NOT_FOUND" })));
    expect(toErrorReport(json, "caught")).toMatchObject({ kind: "NotFound", code: "NOT_FOUND", status: 404 });
    const wrapped = new Error("Switched to client rendering", {
      cause: new NotFoundError({ code: "GONE_USER" }),
    });
    expect(toErrorReport(wrapped, "recoverable")).toMatchObject({ apiError: true, code: "GONE_USER" });
  });

  it("describes anything else by name, redacted, without crashing on odd values", () => {
    const bug = toErrorReport(new TypeError(`bad token=${secret}`), "uncaught");
    expect(bug).toMatchObject({ apiError: false, kind: undefined, code: undefined, name: "TypeError" });
    expect(bug.message).toMatch(/^bad token=\[REDACTED\]/);
    expect(bug.message).not.toContain(secret);
    expect(toErrorReport("plain string", "caught")).toMatchObject({
      name: "string",
      message: "plain string",
    });
    expect(toErrorReport(null, "caught")).toMatchObject({ name: "object", message: "null" });
    expect(toErrorReport(Object.create(null), "caught")).toMatchObject({ name: "Object" });
    expect(toErrorReport("x".repeat(10_000), "caught").message.length).toBeLessThanOrEqual(2_001);
  });
});

describe("reportRootErrors with createRoot", () => {
  it("reports an error a boundary caught, by code, with the component stack", async () => {
    const reports: ErrorReport[] = [];
    const error = new NotFoundError({
      code: "NOT_FOUND",
      requestId: "req_7",
      message: `no user (${secret})`,
    });
    function Profile(): never {
      throw error;
    }
    mounted = await mount(
      <ApiErrorBoundary codes={{ NOT_FOUND: () => <p>missing</p> }}>
        <Profile />
      </ApiErrorBoundary>,
      reportRootErrors({ report: (r) => reports.push(r) }),
    );
    expect(mounted.text()).toBe("missing");
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      phase: "caught",
      kind: "NotFound",
      code: "NOT_FOUND",
      status: 404,
      requestId: "req_7",
      message: "no user ([REDACTED])",
    });
    expect(reports[0]?.componentStack).toContain("Profile");
    expect(JSON.stringify(reports)).not.toContain(secret);
  });

  it("reports an error no boundary caught as uncaught", async () => {
    // Rendered outside act(): act() rethrows uncaught errors instead of calling the root option.
    const g = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
    g.IS_REACT_ACT_ENVIRONMENT = false;
    const container = document.createElement("div");
    try {
      const seen = new Promise<ErrorReport>((resolve) => {
        const root = createRoot(container, reportRootErrors({ report: resolve }));
        root.render(<Throw error={new RangeError("nobody catches me")} />);
      });
      expect(await seen).toMatchObject({
        phase: "uncaught",
        apiError: false,
        name: "RangeError",
        message: "nobody catches me",
      });
      expect((await seen).componentStack).toContain("Throw");
    } finally {
      g.IS_REACT_ACT_ENVIRONMENT = true;
    }
  });

  it("reports only the phases asked for, and survives a reporter that throws", async () => {
    const report = vi.fn(() => {
      throw new Error("logger down");
    });
    const options = reportRootErrors({ report, phases: ["uncaught"] });
    options.onCaughtError(new NotFoundError({}), {});
    expect(report).not.toHaveBeenCalled();
    expect(() => options.onUncaughtError(new NotFoundError({}), { componentStack: "\n at X" })).not.toThrow();
    expect(report).toHaveBeenCalledTimes(1);
  });
});
