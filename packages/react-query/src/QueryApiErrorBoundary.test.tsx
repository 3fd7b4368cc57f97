// @vitest-environment happy-dom
import { defineCatalog } from "@faultline/core";
import { createClient } from "@faultline/fetch";
import { ApiErrorBoundary } from "@faultline/react";
import { type Routes, sequence, startServer, type TestServer } from "@faultline/test-server";
import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { Suspense } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { corsJson, sent, withPreflight } from "../test/helpers";
import { type Mounted, mount, Outer, testClient, WithClient } from "../test/render";
import { createQueryApiErrorBoundary, QueryApiErrorBoundary } from "./QueryApiErrorBoundary";
import { throwOnErrorFor } from "./throwOnError";

let server: TestServer | undefined;
let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
  await server?.close();
  server = undefined;
});

const json = corsJson;
const busy = json(503, { code: "BUSY", message: "Busy, try later" });
const missing = json(404, { code: "NOT_FOUND", message: "No such user" });
const conflict = json(409, { code: "EDIT_CONFLICT", message: "Edited elsewhere" });

const start = async (routes: Routes) => {
  server = await startServer(withPreflight(routes));
  return { server, api: createClient({ baseUrl: server.url, retry: false }) };
};

describe("throwOnErrorFor with useQuery", () => {
  it("sends the named codes and kinds to the boundary and keeps the rest as query state", async () => {
    const { api } = await start({ "/missing": missing, "/conflict": conflict, "/busy": busy });
    const toBoundary = throwOnErrorFor({ codes: ["NOT_FOUND"], kinds: ["ServiceUnavailable"] });
    const Load = ({ path }: { path: string }) => {
      const { data, error } = useQuery({
        queryKey: [path],
        queryFn: () => api.get<string>(path),
        throwOnError: toBoundary,
      });
      if (error) return <p>inline: {error.message}</p>;
      return <p>{data ?? "loading"}</p>;
    };
    const client = testClient();
    const tree = (path: string) => (
      <WithClient client={client}>
        <QueryApiErrorBoundary fallback={({ error }) => <p>boundary: {error.code}</p>}>
          <Load path={path} />
        </QueryApiErrorBoundary>
      </WithClient>
    );
    mounted = await mount(tree("/conflict"));
    await mounted.waitForText("inline: Edited elsewhere");
    await mounted.unmount();
    mounted = await mount(tree("/missing"));
    await mounted.waitForText("boundary: NOT_FOUND");
    await mounted.unmount();
    mounted = await mount(tree("/busy"));
    await mounted.waitForText("boundary: BUSY");
  });
});

describe("QueryApiErrorBoundary", () => {
  const User = ({ load }: { load: () => Promise<{ name: string }> }) => {
    const { data } = useSuspenseQuery({ queryKey: ["user"], queryFn: load });
    return <p>name: {data.name}</p>;
  };

  it("chooses the fallback by code, and its reset retries the failed query", async () => {
    const { server, api } = await start({ "/user": sequence(busy, json(200, { name: "Ada" })) });
    const client = testClient();
    mounted = await mount(
      <WithClient client={client}>
        <QueryApiErrorBoundary
          codes={{
            BUSY: ({ error, reset }) => (
              <button type="button" onClick={reset}>
                {error.message}: retry
              </button>
            ),
          }}
          fallback={() => <p>generic</p>}
        >
          <Suspense fallback={<p>loading</p>}>
            <User load={() => api.get("/user")} />
          </Suspense>
        </QueryApiErrorBoundary>
      </WithClient>,
    );
    await mounted.waitForText("Busy, try later: retry");
    expect(sent(server)).toHaveLength(1);
    await mounted.click("button");
    await mounted.waitForText("name: Ada");
    expect(sent(server)).toHaveLength(2);
  });

  it("retries on a change of resetKeys and calls the caller's onReset", async () => {
    const { server, api } = await start({ "/user": sequence(busy, json(200, { name: "Grace" })) });
    const client = testClient();
    const resets: string[] = [];
    const tree = (key: number) => (
      <WithClient client={client}>
        <QueryApiErrorBoundary
          kinds={{ ServiceUnavailable: () => <p>unavailable</p> }}
          resetKeys={[key]}
          onReset={(details) => resets.push(details.reason)}
        >
          <Suspense fallback={<p>loading</p>}>
            <User load={() => api.get("/user")} />
          </Suspense>
        </QueryApiErrorBoundary>
      </WithClient>
    );
    mounted = await mount(tree(1));
    await mounted.waitForText("unavailable");
    await mounted.waitForText("unavailable");
    const { act } = await import("react");
    await act(async () => mounted?.root.render(tree(2)));
    await mounted.waitForText("name: Grace");
    expect(resets).toEqual(["keys"]);
    expect(sent(server)).toHaveLength(2);
  });

  it("without the query reset boundary, a reset shows the same error again (the control)", async () => {
    const { server, api } = await start({ "/user": sequence(busy, json(200, { name: "Ada" })) });
    const client = testClient();
    mounted = await mount(
      <WithClient client={client}>
        <ApiErrorBoundary
          kinds={{
            ServiceUnavailable: ({ reset }) => (
              <button type="button" onClick={reset}>
                retry
              </button>
            ),
          }}
        >
          <Suspense fallback={<p>loading</p>}>
            <User load={() => api.get("/user")} />
          </Suspense>
        </ApiErrorBoundary>
      </WithClient>,
    );
    await mounted.waitForText("retry");
    await mounted.click("button");
    await mounted.waitForText("retry");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mounted.text()).toContain("retry");
    expect(sent(server)).toHaveLength(1);
  });

  it("passes errors it has no fallback for up to the parent boundary", async () => {
    const { api } = await start({ "/user": missing });
    const client = testClient();
    mounted = await mount(
      <WithClient client={client}>
        <Outer>
          <QueryApiErrorBoundary codes={{ BUSY: () => <p>busy</p> }}>
            <Suspense fallback={<p>loading</p>}>
              <User load={() => api.get("/user")} />
            </Suspense>
          </QueryApiErrorBoundary>
        </Outer>
      </WithClient>,
    );
    await mounted.waitForText("outer: No such user");
  });

  it("types and matches codes by catalog (createQueryApiErrorBoundary)", async () => {
    const shop = defineCatalog({ OUT_OF_STOCK: { status: 409, title: "Out of stock" } });
    const ShopBoundary = createQueryApiErrorBoundary(shop);
    const { server, api } = await start({
      "/cart": sequence(json(409, { code: "OUT_OF_STOCK", message: "Gone" }), json(200, { name: "cart" })),
    });
    const client = testClient();
    mounted = await mount(
      <WithClient client={client}>
        <ShopBoundary
          codes={{
            OUT_OF_STOCK: ({ reset }) => (
              <button type="button" onClick={reset}>
                pick another
              </button>
            ),
          }}
        >
          <Suspense fallback={<p>loading</p>}>
            <User load={() => api.get("/cart")} />
          </Suspense>
        </ShopBoundary>
      </WithClient>,
    );
    await mounted.waitForText("pick another");
    await mounted.click("button");
    await mounted.waitForText("name: cart");
    expect(sent(server)).toHaveLength(2);
  });
});

describe("the useSuspenseQuery refetch-error pattern", () => {
  const toBoundary = throwOnErrorFor({ kinds: ["ServiceUnavailable"] });
  const Profile = ({ load, rethrow }: { load: () => Promise<{ name: string }>; rethrow: boolean }) => {
    const { data, error, refetch } = useSuspenseQuery({ queryKey: ["profile"], queryFn: load });
    if (rethrow && error && toBoundary(error)) throw error;
    return (
      <div>
        <p>name: {data.name}</p>
        {error ? <p>stale: {error.message}</p> : null}
        <button type="button" onClick={() => void refetch()}>
          refetch
        </button>
      </div>
    );
  };

  const run = async (rethrow: boolean, failure = busy) => {
    const { api } = await start({ "/profile": sequence(json(200, { name: "Ada" }), failure) });
    const client = testClient();
    mounted = await mount(
      <WithClient client={client}>
        <QueryApiErrorBoundary fallback={({ error }) => <p>boundary: {error.message}</p>}>
          <Suspense fallback={<p>loading</p>}>
            <Profile load={() => api.get("/profile")} rethrow={rethrow} />
          </Suspense>
        </QueryApiErrorBoundary>
      </WithClient>,
    );
    await mounted.waitForText("name: Ada");
    await mounted.click("button");
    return mounted;
  };

  it("keeps a failed refetch as state next to the stale data by default", async () => {
    const m = await run(false);
    await m.waitForText("stale: Busy, try later");
    expect(m.text()).toContain("name: Ada");
  });

  it("sends a selected failed refetch to the boundary when the component rethrows it", async () => {
    const m = await run(true);
    await m.waitForText("boundary: Busy, try later");
  });

  it("keeps a failed refetch that is not selected as state", async () => {
    const m = await run(true, conflict);
    await m.waitForText("stale: Edited elsewhere");
    expect(m.text()).toContain("name: Ada");
  });
});
