// @vitest-environment happy-dom

import { cp } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  type ApiError,
  BadRequestError,
  isApiError,
  NotFoundError,
  TooManyRequestsError,
} from "@faultline/core";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Mounted, mount, Outer, Throw } from "../test/render";
import { ApiErrorBoundary } from "./ApiErrorBoundary";
import type { ResetDetails } from "./options";

// happy-dom gives import.meta.url an http: scheme; the module's own file path is what we need.
const importMetaFile = pathToFileURL(__filename);

let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

const notFound = new NotFoundError({ code: "NOT_FOUND", message: "No such user", requestId: "req_1" });

const allThree = {
  codes: { NOT_FOUND: ({ error }: { error: ApiError }) => <p>code: {error.code}</p> },
  kinds: {
    NotFound: ({ error }: { error: ApiError }) => <p>kind: {error._tag}</p>,
    TooManyRequests: ({ error }: { error: TooManyRequestsError }) => <p>wait {error.retryAfterMs} ms</p>,
  },
  fallback: ({ error }: { error: ApiError }) => <p>fallback: {error.message}</p>,
};

describe("ApiErrorBoundary: choosing the fallback", () => {
  it("renders the children when nothing is thrown", async () => {
    mounted = await mount(
      <ApiErrorBoundary {...allThree}>
        <p>hello</p>
      </ApiErrorBoundary>,
    );
    expect(mounted.text()).toBe("hello");
  });

  it("chooses by code first", async () => {
    mounted = await mount(
      <ApiErrorBoundary {...allThree}>
        <Throw error={notFound} />
      </ApiErrorBoundary>,
    );
    expect(mounted.text()).toBe("code: NOT_FOUND");
  });

  it("chooses by kind when no code fallback matches", async () => {
    mounted = await mount(
      <ApiErrorBoundary {...allThree}>
        <Throw error={new TooManyRequestsError({ code: "RATE_LIMITED", retryAfterMs: 1500 })} />
      </ApiErrorBoundary>,
    );
    expect(mounted.text()).toBe("wait 1500 ms");
  });

  it("falls back to `fallback` when neither code nor kind matches", async () => {
    mounted = await mount(
      <ApiErrorBoundary {...allThree}>
        <Throw error={new BadRequestError({ code: "VALIDATION_ERROR", message: "email is invalid" })} />
      </ApiErrorBoundary>,
    );
    expect(mounted.text()).toBe("fallback: email is invalid");
  });

  it("does not treat inherited keys such as `constructor` as a code", async () => {
    mounted = await mount(
      <ApiErrorBoundary codes={{}} fallback={({ error }) => <p>fallback {error.code}</p>}>
        <Throw error={new BadRequestError({ code: "constructor" })} />
      </ApiErrorBoundary>,
    );
    expect(mounted.text()).toBe("fallback constructor");
  });
});

describe("ApiErrorBoundary: never swallows", () => {
  it("passes an API error that matches nothing to the parent boundary", async () => {
    const innerOnError = vi.fn();
    const outerCatch = vi.fn();
    mounted = await mount(
      <Outer onCatch={outerCatch}>
        <ApiErrorBoundary codes={{ CONFLICT: () => <p>conflict</p> }} onError={innerOnError}>
          <Throw error={notFound} />
        </ApiErrorBoundary>
      </Outer>,
    );
    expect(mounted.text()).toBe("outer: No such user");
    expect(outerCatch).toHaveBeenCalledTimes(1);
    expect(outerCatch.mock.calls[0]?.[0]).toBe(notFound);
    expect(innerOnError).not.toHaveBeenCalled();
  });

  it("passes anything that is not an API error up, even with a `fallback`", async () => {
    const outerCatch = vi.fn();
    const bug = new TypeError("undefined is not a function");
    mounted = await mount(
      <Outer onCatch={outerCatch}>
        <ApiErrorBoundary fallback={() => <p>api fallback</p>}>
          <Throw error={bug} />
        </ApiErrorBoundary>
      </Outer>,
    );
    expect(mounted.text()).toBe("outer: undefined is not a function");
    expect(outerCatch.mock.calls[0]?.[0]).toBe(bug);
  });

  it("passes thrown non-errors (strings, plain objects) up unchanged", async () => {
    const outerCatch = vi.fn();
    const thrown = { _tag: "NotATag", status: 404 };
    mounted = await mount(
      <Outer onCatch={outerCatch}>
        <ApiErrorBoundary fallback={() => <p>api fallback</p>}>
          <Throw error={thrown} />
        </ApiErrorBoundary>
      </Outer>,
    );
    expect(outerCatch.mock.calls[0]?.[0]).toBe(thrown);
  });

  it("lets an outer ApiErrorBoundary handle what the inner one does not", async () => {
    mounted = await mount(
      <ApiErrorBoundary kinds={{ NotFound: ({ error }) => <p>outer {error.code}</p> }}>
        <ApiErrorBoundary codes={{ RATE_LIMITED: () => <p>inner</p> }}>
          <Throw error={notFound} />
        </ApiErrorBoundary>
      </ApiErrorBoundary>,
    );
    expect(mounted.text()).toBe("outer NOT_FOUND");
  });
});

describe("ApiErrorBoundary: errors from elsewhere", () => {
  it("matches an error made by another copy of @faultline/core", async () => {
    // A second module instance of core's build: its classes are distinct from ours.
    // A second copy of core's build, as a duplicated install would have (it resolves `effect` from
    // this package's node_modules), loaded as its own module: its classes are distinct from ours.
    const here = fileURLToPath(importMetaFile);
    const target = join(here, "../../node_modules/.faultline-core-copy");
    await cp(join(here, "../../../core/dist"), target, { recursive: true });
    const copy = (await import(
      /* @vite-ignore */ pathToFileURL(join(target, "index.js")).href
    )) as typeof import("@faultline/core");
    const foreign = new copy.NotFoundError({ code: "NOT_FOUND", message: "from the other copy" });
    expect(foreign instanceof NotFoundError).toBe(false);
    mounted = await mount(
      <ApiErrorBoundary codes={{ NOT_FOUND: ({ error }) => <p>{error.message}</p> }}>
        <Throw error={foreign} />
      </ApiErrorBoundary>,
    );
    expect(mounted.text()).toBe("from the other copy");
  });

  it("revives a serialized error (toJSON through JSON) and matches it by code", async () => {
    const json: unknown = JSON.parse(JSON.stringify(notFound));
    let received: unknown;
    mounted = await mount(
      <ApiErrorBoundary
        codes={{
          NOT_FOUND: ({ error }) => {
            received = error;
            return <p>revived {error.requestId}</p>;
          },
        }}
      >
        <Throw error={json} />
      </ApiErrorBoundary>,
    );
    expect(mounted.text()).toBe("revived req_1");
    expect(isApiError(received)).toBe(true);
    expect(received).toBeInstanceOf(NotFoundError);
  });
});

describe("ApiErrorBoundary: onError", () => {
  it("reports each error it shows, with React's component stack", async () => {
    const onError = vi.fn();
    // A fresh error: React caches the component stack per thrown object.
    const missing = new NotFoundError({ code: "NOT_FOUND" });
    function Profile(): never {
      throw missing;
    }
    mounted = await mount(
      <ApiErrorBoundary codes={{ NOT_FOUND: () => <p>missing</p> }} onError={onError}>
        <Profile />
      </ApiErrorBoundary>,
    );
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toBe(missing);
    expect(String(onError.mock.calls[0]?.[1]?.componentStack)).toContain("Profile");
  });
});

describe("ApiErrorBoundary: reset", () => {
  it("renders the children again after reset() and says why", async () => {
    const onReset = vi.fn<(d: ResetDetails) => void>();
    let fail = true;
    const Maybe = () => {
      if (fail) throw notFound;
      return <p>loaded</p>;
    };
    mounted = await mount(
      <ApiErrorBoundary
        codes={{
          NOT_FOUND: ({ reset }) => (
            <button type="button" onClick={reset}>
              retry
            </button>
          ),
        }}
        onReset={onReset}
      >
        <Maybe />
      </ApiErrorBoundary>,
    );
    expect(mounted.text()).toBe("retry");
    fail = false;
    await mounted.click("button");
    expect(mounted.text()).toBe("loaded");
    expect(onReset).toHaveBeenCalledWith({ reason: "imperative-api", error: notFound });
  });

  it("shows the fallback again when the children still fail after reset()", async () => {
    let renders = 0;
    const Always = () => {
      renders++;
      throw notFound;
    };
    mounted = await mount(
      <ApiErrorBoundary
        codes={{
          NOT_FOUND: ({ reset }) => (
            <button type="button" onClick={reset}>
              retry
            </button>
          ),
        }}
      >
        <Always />
      </ApiErrorBoundary>,
    );
    const before = renders;
    await mounted.click("button");
    expect(mounted.text()).toBe("retry");
    expect(renders).toBeGreaterThan(before);
  });

  it("renders the children again when resetKeys change", async () => {
    const onReset = vi.fn<(d: ResetDetails) => void>();
    const User = ({ id }: { id: string }) => {
      if (id === "missing") throw notFound;
      return <p>user {id}</p>;
    };
    const tree = (id: string) => (
      <ApiErrorBoundary codes={{ NOT_FOUND: () => <p>not found</p> }} resetKeys={[id]} onReset={onReset}>
        <User id={id} />
      </ApiErrorBoundary>
    );
    mounted = await mount(tree("ann"));
    expect(mounted.text()).toBe("user ann");
    // The keys change in the same update that throws: the fallback stays (no reset loop).
    await mounted.rerender(tree("missing"));
    expect(mounted.text()).toBe("not found");
    expect(onReset).not.toHaveBeenCalled();
    await mounted.rerender(tree("bob"));
    expect(mounted.text()).toBe("user bob");
    expect(onReset).toHaveBeenCalledTimes(1);
    expect(onReset).toHaveBeenCalledWith({
      reason: "keys",
      error: notFound,
      prev: ["missing"],
      next: ["bob"],
    });
  });

  it("does not reset when the keys are equal item by item", async () => {
    const onReset = vi.fn();
    const tree = (keys: unknown[]) => (
      <ApiErrorBoundary fallback={() => <p>failed</p>} resetKeys={keys} onReset={onReset}>
        <Throw error={notFound} />
      </ApiErrorBoundary>
    );
    mounted = await mount(tree([1, "a"]));
    await mounted.rerender(tree([1, "a"]));
    expect(mounted.text()).toBe("failed");
    expect(onReset).not.toHaveBeenCalled();
  });
});

describe("useApiErrorBoundary", () => {
  it("shows the fallback for an error raised in an event handler", async () => {
    const { useApiErrorBoundary } = await import("./useApiErrorBoundary");
    const Save = () => {
      const { showBoundary } = useApiErrorBoundary();
      return (
        <button type="button" onClick={() => showBoundary(notFound)}>
          save
        </button>
      );
    };
    mounted = await mount(
      <ApiErrorBoundary codes={{ NOT_FOUND: ({ error }) => <p>handler {error.code}</p> }}>
        <Save />
      </ApiErrorBoundary>,
    );
    await mounted.click("button");
    expect(mounted.text()).toBe("handler NOT_FOUND");
  });

  it("shows the fallback for a rejected promise, and passes non-API errors up", async () => {
    const { useApiErrorBoundary } = await import("./useApiErrorBoundary");
    const outerCatch = vi.fn();
    const Load = ({ fail }: { fail: unknown }) => {
      const { showBoundary } = useApiErrorBoundary();
      const [started, setStarted] = useState(false);
      if (!started) {
        setStarted(true);
        Promise.reject(fail).catch(showBoundary);
      }
      return <p>loading</p>;
    };
    mounted = await mount(
      <Outer onCatch={outerCatch}>
        <ApiErrorBoundary kinds={{ NotFound: () => <p>async not found</p> }}>
          <Load fail={notFound} />
        </ApiErrorBoundary>
      </Outer>,
    );
    expect(mounted.text()).toBe("async not found");
    await mounted.unmount();
    mounted = await mount(
      <Outer onCatch={outerCatch}>
        <ApiErrorBoundary kinds={{ NotFound: () => <p>async not found</p> }}>
          <Load fail={new RangeError("bug")} />
        </ApiErrorBoundary>
      </Outer>,
    );
    expect(mounted.text()).toBe("outer: bug");
    expect(outerCatch.mock.calls[0]?.[0]).toBeInstanceOf(RangeError);
  });

  it("resetBoundary() from a component inside a fallback renders the children again", async () => {
    const { useApiErrorBoundary } = await import("./useApiErrorBoundary");
    let fail = true;
    const Maybe = () => {
      if (fail) throw notFound;
      return <p>back</p>;
    };
    const RetryButton = () => {
      const { resetBoundary } = useApiErrorBoundary();
      return (
        <button type="button" onClick={resetBoundary}>
          again
        </button>
      );
    };
    mounted = await mount(
      <ApiErrorBoundary fallback={() => <RetryButton />}>
        <Maybe />
      </ApiErrorBoundary>,
    );
    expect(mounted.text()).toBe("again");
    fail = false;
    await mounted.click("button");
    expect(mounted.text()).toBe("back");
  });
});
