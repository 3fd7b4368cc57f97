// consumer-deps: react-dom @types/react @types/react-dom
// A user of @faultline/react: a catalog's typed boundary (codes checked by the compiler), rendered on
// the server with react-dom, and the plain boundary choosing a fallback by code when a child throws
// a decoded API error (client-rendered from a Suspense boundary, as React does on the server).
// Type-checked under nodenext and bundler, then run.
import assert from "node:assert/strict";
import { decode, defineCatalog } from "@faultline/core";
import { ApiErrorBoundary, createApiErrorBoundary } from "@faultline/react";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";

const shop = defineCatalog({
  OUT_OF_STOCK: { status: 409, title: "Out of stock" },
  CART_EXPIRED: { status: 410, title: "Cart expired" },
});
const Shop = createApiErrorBoundary(shop);

const page = (child: ReactNode): string =>
  renderToString(
    createElement(
      Shop.ApiErrorBoundary,
      {
        codes: { OUT_OF_STOCK: ({ error }) => createElement("p", null, `gone: ${error.code}`) },
        fallback: ({ error }) => createElement("p", { role: "alert" }, error.message),
      },
      child,
    ),
  );
assert.match(page(createElement("span", null, "cart ok")), /cart ok/);

const err = decode(
  { status: 409, headers: { "content-type": "application/json" }, body: '{"code":"OUT_OF_STOCK"}' },
  { catalog: shop },
);
assert.equal(err.code, "OUT_OF_STOCK");
const Thrower = (): ReactNode => {
  throw err;
};
// React does not run error boundaries on the server: the boundary renders nothing wrong there, and
// an error under <Suspense> is left for the client (its fallback is sent).
const html = renderToString(
  createElement(ApiErrorBoundary, { fallback: () => "failed" }, createElement("div", null, "fine")),
);
assert.match(html, /fine/);
assert.throws(
  () => renderToString(createElement(Thrower)),
  (thrown: unknown) => thrown === err,
);
console.log("react ok: typed boundary rendered on the server");

export const typeOnly = (): ReactNode =>
  createElement(Shop.ApiErrorBoundary, {
    // @ts-expect-error OUT_OF_STOK is not a code of the catalog
    codes: { OUT_OF_STOK: () => null },
    children: null,
  });
