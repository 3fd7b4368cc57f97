import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, Component, type ReactNode } from "react";
import { createRoot, type Root } from "react-dom/client";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A mounted React tree in the test DOM. */
export interface Mounted {
  readonly container: HTMLElement;
  readonly root: Root;
  text(): string;
  click(selector: string): Promise<void>;
  /** Lets React and the network run until `text()` contains `expected` (fails after `ms`). */
  waitForText(expected: string, ms?: number): Promise<void>;
  unmount(): Promise<void>;
}

export const mount = async (node: ReactNode): Promise<Mounted> => {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container, { onCaughtError: () => {}, onUncaughtError: () => {} });
  await act(async () => root.render(node));
  const text = () => container.textContent ?? "";
  return {
    container,
    root,
    text,
    click: async (selector) => {
      const el = container.querySelector(selector);
      if (!(el instanceof HTMLElement)) throw new Error(`no element ${selector} in: ${text()}`);
      await act(async () => el.click());
    },
    waitForText: async (expected, ms = 3_000) => {
      const end = Date.now() + ms;
      while (!text().includes(expected)) {
        if (Date.now() > end) throw new Error(`timed out waiting for "${expected}"; text is "${text()}"`);
        await act(async () => new Promise((resolve) => setTimeout(resolve, 10)));
      }
    },
    unmount: async () => {
      await act(async () => root.unmount());
      container.remove();
    },
  };
};

/** A QueryClient with retries off (the boundary tests drive retries by hand). */
export const testClient = (): QueryClient =>
  new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Number.POSITIVE_INFINITY } } });

export const WithClient = ({ client, children }: { client: QueryClient; children: ReactNode }) => (
  <QueryClientProvider client={client}>{children}</QueryClientProvider>
);

/** A plain parent boundary that shows what reached it. */
export class Outer extends Component<{ children?: ReactNode }, { error: unknown; caught: boolean }> {
  static getDerivedStateFromError(error: unknown) {
    return { error, caught: true };
  }
  override state = { error: undefined as unknown, caught: false };
  override render() {
    if (this.state.caught) {
      const e = this.state.error;
      return <p>outer: {e instanceof Error ? e.message : String(e)}</p>;
    }
    return this.props.children;
  }
}
