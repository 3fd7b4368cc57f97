// @vitest-environment happy-dom
import { type ApiError, defineCatalog, NotFoundError } from "@faultline/core";
import { createClient } from "@faultline/fetch";
import { type Routes, startServer, type TestServer } from "@faultline/test-server";
import { MutationCache, QueryCache, QueryClient, useMutation } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { corsJson, withPreflight } from "../test/helpers";
import { type Mounted, mount, WithClient } from "../test/render";
import { isHandled, markHandled } from "./handled";
import { type ApiErrorSource, onApiError } from "./onApiError";

let server: TestServer | undefined;
let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
  await server?.close();
  server = undefined;
});

const routes: Routes = {
  "/missing": corsJson(404, { code: "NOT_FOUND", message: "No such user" }),
  "/limited": corsJson(429, { code: "SLOW_DOWN", message: "Too many" }, { "retry-after": "7" }),
  "/conflict": corsJson(409, { code: "EDIT_CONFLICT", message: "Edited elsewhere" }),
};

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

const setup = async (onError: (error: unknown, ...rest: readonly unknown[]) => void) => {
  server = await startServer(withPreflight(routes));
  const api = createClient({ baseUrl: server.url, retry: false });
  const client = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return { api, client };
};

describe("onApiError", () => {
  it("picks the handler by code, then kind, then fallback, for queries and mutations", async () => {
    const seen: string[] = [];
    const sources: ApiErrorSource["type"][] = [];
    const onError = onApiError({
      codes: { NOT_FOUND: (e) => seen.push(`code ${e.code} ${e.status}`) },
      kinds: { TooManyRequests: (e) => seen.push(`kind ${e._tag} ${e.retryAfterMs}`) },
      fallback: (e, { source }) => {
        sources.push(source.type);
        seen.push(`fallback ${e.message}`);
      },
    });
    const { api, client } = await setup(onError);
    await client.fetchQuery({ queryKey: ["m"], queryFn: () => api.get("/missing") }).catch(() => {});
    await client.fetchQuery({ queryKey: ["l"], queryFn: () => api.get("/limited") }).catch(() => {});
    await client.fetchQuery({ queryKey: ["c"], queryFn: () => api.get("/conflict") }).catch(() => {});
    await client
      .getMutationCache()
      .build(client, { mutationFn: (v: string) => api.put(v, {}) })
      .execute("/conflict")
      .catch(() => {});
    await tick();
    expect(seen).toEqual([
      "code NOT_FOUND 404",
      "kind TooManyRequests 7000",
      "fallback Edited elsewhere",
      "fallback Edited elsewhere",
    ]);
    expect(sources).toEqual(["query", "mutation"]);
  });

  it("converts values that are not our errors with fromUnknown, and survives a throwing handler", async () => {
    const tags: string[] = [];
    const onError = onApiError({
      kinds: {
        Network: (e) => tags.push(e._tag),
        Unexpected: () => {
          throw new Error("handler bug");
        },
      },
    });
    const { client } = await setup(onError);
    await client
      .fetchQuery({
        queryKey: ["n"],
        queryFn: () => Promise.reject(new TypeError("Failed to fetch")),
      })
      .catch(() => {});
    await expect(
      client.fetchQuery({ queryKey: ["u"], queryFn: () => Promise.reject(new Error("bug")) }),
    ).rejects.toThrow("bug");
    await tick();
    expect(tags).toEqual(["Network"]);
  });

  it("types handlers by catalog and matches its codes", () => {
    const shop = defineCatalog({ OUT_OF_STOCK: { status: 409, title: "Out of stock" } });
    const seen: (string | undefined)[] = [];
    const onError = onApiError({
      catalog: shop,
      defer: false,
      codes: { OUT_OF_STOCK: (e) => seen.push(e.code) },
    });
    onError({ response: { status: 409, headers: {}, data: { code: "OUT_OF_STOCK", message: "gone" } } }, {});
    expect(seen).toEqual(["OUT_OF_STOCK"]);
  });

  it("skips errors a component marked handled, unless told not to", async () => {
    const global: string[] = [];
    const shown: string[] = [];
    const onError = onApiError({ fallback: (e) => global.push(e.code ?? "none") });
    const { api, client } = await setup(onError);
    const Save = ({ mark }: { mark: boolean }) => {
      const save = useMutation({
        mutationFn: () => api.put("/conflict", {}),
        onError: (error: ApiError) => {
          shown.push(error.message);
          if (mark) markHandled(error);
        },
      });
      return (
        <button type="button" onClick={() => save.mutate()}>
          {save.isError ? "failed" : "save"}
        </button>
      );
    };
    mounted = await mount(
      <WithClient client={client}>
        <Save mark={true} />
      </WithClient>,
    );
    await mounted.click("button");
    await mounted.waitForText("failed");
    await mounted.unmount();
    mounted = await mount(
      <WithClient client={client}>
        <Save mark={false} />
      </WithClient>,
    );
    await mounted.click("button");
    await mounted.waitForText("failed");
    await tick();
    expect(shown).toEqual(["Edited elsewhere", "Edited elsewhere"]);
    expect(global).toEqual(["EDIT_CONFLICT"]);
  });
});

describe("meta.handlesErrors", () => {
  it("skips queries and mutations whose component shows errors itself", async () => {
    const seen: string[] = [];
    const { api, client } = await setup(
      onApiError({ fallback: (e, { source }) => seen.push(`${source.type} ${e._tag}`) }),
    );
    await client
      .fetchQuery({ queryKey: ["a"], queryFn: () => api.get("/missing"), meta: { handlesErrors: true } })
      .catch(() => {});
    await client.fetchQuery({ queryKey: ["b"], queryFn: () => api.get("/missing") }).catch(() => {});
    const run = (meta?: Record<string, unknown>) =>
      client
        .getMutationCache()
        .build(client, { mutationFn: () => api.put("/conflict", {}), ...(meta ? { meta } : {}) })
        .execute(undefined)
        .catch(() => {});
    await run({ handlesErrors: true });
    await run();
    await tick();
    expect(seen).toEqual(["query NotFound", "mutation Conflict"]);
  });
});

describe("markHandled", () => {
  it("marks through a WeakSet, leaving the error unchanged", () => {
    const error = new NotFoundError({ code: "NOT_FOUND" });
    const keys = Reflect.ownKeys(error);
    expect(isHandled(error)).toBe(false);
    expect(markHandled(error)).toBe(error);
    expect(isHandled(error)).toBe(true);
    expect(Reflect.ownKeys(error)).toEqual(keys);
    expect(JSON.stringify(error)).not.toContain("handled");
    expect(isHandled(new NotFoundError({ code: "NOT_FOUND" }))).toBe(false);
  });
  it("ignores values that are not objects", () => {
    expect(markHandled("oops")).toBe("oops");
    expect(isHandled("oops")).toBe(false);
    expect(isHandled(null)).toBe(false);
    expect(isHandled(undefined)).toBe(false);
  });
  it("lets a handler opt out of skipping", () => {
    const seen: string[] = [];
    const onError = onApiError({ skipHandled: false, defer: false, fallback: (e) => seen.push(e._tag) });
    onError(markHandled(new NotFoundError({})), {});
    expect(seen).toEqual(["NotFound"]);
  });
});
