// @vitest-environment happy-dom
import { decodeResponse } from "@faultline/core";
import { createClient } from "@faultline/fetch";
import { sequence, startServer, type TestServer } from "@faultline/test-server";
import { QueryClient, useMutation, useQuery } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { faultlineQueryDefaults } from "../src/index";
import { corsJson, sent, withPreflight, withRequest } from "./helpers";
import { type Mounted, mount, WithClient } from "./render";

let server: TestServer | undefined;
let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
  await server?.close();
  server = undefined;
});

const defaults = () =>
  new QueryClient({
    defaultOptions: faultlineQueryDefaults({ attempts: 3, baseDelayMs: 1, random: () => 0 }),
  });

describe("hooks with faultlineQueryDefaults", () => {
  it("useQuery retries a 503 after the server's hint and renders the data", async () => {
    server = await startServer(
      withPreflight({
        "/me": sequence(
          corsJson(503, { code: "BUSY", message: "busy" }, { "retry-after-ms": "40" }),
          corsJson(200, { name: "Ada" }),
        ),
      }),
    );
    const api = createClient({ baseUrl: server.url, retry: false });
    const failures: number[] = [];
    const Me = () => {
      const { data, failureCount, failureReason } = useQuery({
        queryKey: ["me"],
        queryFn: () => api.get<{ name: string }>("/me"),
      });
      if (failureReason) failures.push(failureCount);
      return <p>{data ? `name: ${data.name}` : `loading (${failureReason?.code ?? "-"})`}</p>;
    };
    mounted = await mount(
      <WithClient client={defaults()}>
        <Me />
      </WithClient>,
    );
    await mounted.waitForText("loading (BUSY)");
    await mounted.waitForText("name: Ada");
    expect(failures).toContain(1);
    const [first, second] = sent(server);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(35);
  });

  it("useQuery does not retry a 404 and renders the error", async () => {
    server = await startServer(
      withPreflight({ "/me": corsJson(404, { code: "NOT_FOUND", message: "gone" }) }),
    );
    const api = createClient({ baseUrl: server.url, retry: false });
    const Me = () => {
      const { error } = useQuery({ queryKey: ["me"], queryFn: () => api.get("/me") });
      return <p>{error ? `${error._tag}: ${error.message}` : "loading"}</p>;
    };
    mounted = await mount(
      <WithClient client={defaults()}>
        <Me />
      </WithClient>,
    );
    await mounted.waitForText("NotFound: gone");
    expect(sent(server)).toHaveLength(1);
  });

  it("useMutation retries a POST with an Idempotency-Key and not one without", async () => {
    server = await startServer(
      withPreflight({
        "/orders": sequence(corsJson(503, { code: "BUSY", message: "busy" }), corsJson(201, { id: "o1" })),
      }),
    );
    const url = `${server.url}/orders`;
    const Order = ({ keyed }: { keyed: boolean }) => {
      const order = useMutation({
        mutationFn: async () => {
          const headers: Record<string, string> = keyed ? { "Idempotency-Key": "k-1" } : {};
          const res = await fetch(url, { method: "POST", headers });
          // Core v2's clients attach this snapshot; built by hand here.
          if (!res.ok)
            throw withRequest(await decodeResponse(res), { method: "POST", url, idempotencyKey: keyed });
          return (await res.json()) as { id: string };
        },
      });
      return (
        <button type="button" onClick={() => order.mutate()}>
          {order.data ? `ordered ${order.data.id}` : order.error ? `failed ${order.error.code}` : "order"}
        </button>
      );
    };
    mounted = await mount(
      <WithClient client={defaults()}>
        <Order keyed={false} />
      </WithClient>,
    );
    await mounted.click("button");
    await mounted.waitForText("failed BUSY");
    expect(sent(server)).toHaveLength(1);
    await mounted.unmount();
    await server.close();
    server = await startServer(
      withPreflight({
        "/orders": sequence(corsJson(503, { code: "BUSY", message: "busy" }), corsJson(201, { id: "o2" })),
      }),
    );
    const keyedUrl = `${server.url}/orders`;
    const Keyed = () => {
      const order = useMutation({
        mutationFn: async () => {
          const res = await fetch(keyedUrl, { method: "POST", headers: { "Idempotency-Key": "k-2" } });
          if (!res.ok)
            throw withRequest(await decodeResponse(res), {
              method: "POST",
              url: keyedUrl,
              idempotencyKey: true,
            });
          return (await res.json()) as { id: string };
        },
      });
      return (
        <button type="button" onClick={() => order.mutate()}>
          {order.data ? `ordered ${order.data.id}` : "order"}
        </button>
      );
    };
    mounted = await mount(
      <WithClient client={defaults()}>
        <Keyed />
      </WithClient>,
    );
    await mounted.click("button");
    await mounted.waitForText("ordered o2");
    expect(sent(server).map((r) => r.headers["idempotency-key"])).toEqual(["k-2", "k-2"]);
  });
});
