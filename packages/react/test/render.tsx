import { act, Component, type ErrorInfo, type ReactNode } from "react";
import { createRoot, type Root, type RootOptions } from "react-dom/client";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A mounted React tree in the test DOM. */
export interface Mounted {
  readonly container: HTMLElement;
  readonly root: Root;
  rerender(node: ReactNode): Promise<void>;
  text(): string;
  click(selector: string): Promise<void>;
  unmount(): Promise<void>;
}

/** Renders `node` into a fresh container with react-dom's client root, inside `act`. */
export const mount = async (node: ReactNode, options?: RootOptions): Promise<Mounted> => {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container, {
    // Keep the test output quiet; tests that care pass their own handlers.
    onCaughtError: () => {},
    onUncaughtError: () => {},
    ...options,
  });
  await act(async () => root.render(node));
  return {
    container,
    root,
    rerender: async (next) => act(async () => root.render(next)),
    text: () => container.textContent ?? "",
    click: async (selector) => {
      const el = container.querySelector(selector);
      if (!(el instanceof HTMLElement)) throw new Error(`no element ${selector}`);
      await act(async () => el.click());
    },
    unmount: async () => {
      await act(async () => root.unmount());
      container.remove();
    },
  };
};

/** A plain parent boundary that records what reached it (what the API boundary passed up). */
export class Outer extends Component<
  { children?: ReactNode; onCatch?: (error: unknown, info: ErrorInfo) => void },
  { error: unknown; caught: boolean }
> {
  static getDerivedStateFromError(error: unknown) {
    return { error, caught: true };
  }
  override state = { error: undefined as unknown, caught: false };
  override componentDidCatch(error: unknown, info: ErrorInfo) {
    this.props.onCatch?.(error, info);
  }
  override render() {
    if (this.state.caught) {
      const e = this.state.error;
      return <p data-testid="outer">outer: {e instanceof Error ? e.message : String(e)}</p>;
    }
    return this.props.children;
  }
}

/** A component that throws what it is given while rendering. */
export const Throw = ({ error }: { error: unknown }): ReactNode => {
  throw error;
};
