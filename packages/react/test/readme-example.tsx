// The README's ten-line example, compiled by `tsc` (typecheck); readme.test.ts keeps the two in sync.
import { defineCatalog, details } from "@faultline/core";
import { createApiErrorBoundary } from "@faultline/react";
import type { ReactNode } from "react";

const shop = defineCatalog({
  OUT_OF_STOCK: { status: 409, title: "Out of stock" },
  INSUFFICIENT_BALANCE: {
    status: 402,
    title: "Insufficient balance",
    details: details({ required: "string" }),
  },
});
export const { ApiErrorBoundary, ExhaustiveApiErrorBoundary, useApiErrorBoundary } =
  createApiErrorBoundary(shop);

export const Checkout = ({ cartId, children }: { cartId: string; children: ReactNode }) => (
  <ApiErrorBoundary
    codes={{
      OUT_OF_STOCK: ({ reset }) => (
        <button type="button" onClick={reset}>
          Pick another item
        </button>
      ),
      INSUFFICIENT_BALANCE: ({ error }) => <p>You need {error.details?.required}.</p>, // typed details
    }}
    kinds={{ TooManyRequests: ({ error }) => <p>Try again in {error.retryAfterMs} ms</p> }}
    fallback={({ error }) => <p role="alert">{error.message}</p>}
    resetKeys={[cartId]}
  >
    {children}
  </ApiErrorBoundary>
);
