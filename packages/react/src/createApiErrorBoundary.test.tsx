// @vitest-environment happy-dom
import { ClientError, ConflictError, decode, defineCatalog, details } from "@faultline/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type Mounted, mount, Outer, Throw } from "../test/render";
import { createApiErrorBoundary } from "./createApiErrorBoundary";

const shop = defineCatalog(
  {
    OUT_OF_STOCK: { status: 409, title: "Out of stock" },
    INSUFFICIENT_BALANCE: {
      status: 402,
      title: "Insufficient balance",
      details: details({ required: "string", available: "string" }),
    },
  },
  { name: "shop" },
);
const { ApiErrorBoundary: ShopBoundary, ExhaustiveApiErrorBoundary, catalog } = createApiErrorBoundary(shop);

let mounted: Mounted | undefined;
afterEach(async () => {
  await mounted?.unmount();
  mounted = undefined;
});

const balance = decode(
  {
    status: 402,
    body: {
      code: "INSUFFICIENT_BALANCE",
      message: "Top up",
      details: { required: "10.00", available: "2.50" },
    },
  },
  { catalog: shop },
);

describe("createApiErrorBoundary", () => {
  it("keeps the catalog it was made for", () => {
    expect(catalog).toBe(shop);
  });

  it("chooses the fallback by a catalog code, with the code's typed details", async () => {
    mounted = await mount(
      <ShopBoundary
        codes={{
          INSUFFICIENT_BALANCE: ({ error }) => (
            <p>
              need {error.details?.required}, have {error.details?.available}
            </p>
          ),
        }}
      >
        <Throw error={balance} />
      </ShopBoundary>,
    );
    expect(mounted.text()).toBe("need 10.00, have 2.50");
  });

  it("passes unmatched errors up like ApiErrorBoundary", async () => {
    const outerCatch = vi.fn();
    mounted = await mount(
      <Outer onCatch={outerCatch}>
        <ShopBoundary codes={{ OUT_OF_STOCK: () => <p>sold out</p> }}>
          <Throw error={balance} />
        </ShopBoundary>
      </Outer>,
    );
    expect(outerCatch.mock.calls[0]?.[0]).toBe(balance);
  });
});

describe("ExhaustiveApiErrorBoundary", () => {
  const tree = (error: unknown) => (
    <Outer>
      <ExhaustiveApiErrorBoundary
        codes={{
          OUT_OF_STOCK: ({ reset }) => (
            <button type="button" onClick={reset}>
              sold out
            </button>
          ),
          INSUFFICIENT_BALANCE: ({ error }) => <p>need {error.details?.required}</p>,
        }}
        unknown={({ error }) => <p>unknown {error.code ?? "no code"}</p>}
      >
        <Throw error={error} />
      </ExhaustiveApiErrorBoundary>
    </Outer>
  );

  it("routes every catalog code to its fallback", async () => {
    mounted = await mount(tree(new ConflictError({ code: "OUT_OF_STOCK" })));
    expect(mounted.text()).toBe("sold out");
    await mounted.unmount();
    mounted = await mount(tree(balance));
    expect(mounted.text()).toBe("need 10.00");
  });

  it("sends codes the catalog does not declare, and errors without a code, to `unknown`", async () => {
    mounted = await mount(tree(new ClientError({ status: 402, code: "CARD_EXPIRED" })));
    expect(mounted.text()).toBe("unknown CARD_EXPIRED");
    await mounted.unmount();
    mounted = await mount(tree(new ConflictError({})));
    expect(mounted.text()).toBe("unknown no code");
  });

  it("still passes errors that are not API errors to the parent", async () => {
    mounted = await mount(tree(new Error("render bug")));
    expect(mounted.text()).toBe("outer: render bug");
  });
});
