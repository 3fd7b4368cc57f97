/**
 * The demo of each adapter in `adapterList.ts`, with its source shown on the adapter's page. The
 * `Record` makes the compiler ask for a demo when an adapter is added to the list.
 */
import type { ComponentType } from "react";
import type { AdapterId } from "./adapterList";
import { AxiosDemo } from "./adapters/axios";
import axiosSource from "./adapters/axios.tsx?raw";
import { FetchDemo } from "./adapters/fetch";
import fetchSource from "./adapters/fetch.tsx?raw";
import { ReactQueryDemo } from "./adapters/react-query";
import reactQuerySource from "./adapters/react-query.tsx?raw";
import { TRPCDemo } from "./adapters/trpc";
import trpcSource from "./adapters/trpc.tsx?raw";
import type { DemoProps } from "./Demo";

export const demos: Record<AdapterId, { readonly Demo: ComponentType<DemoProps>; readonly source: string }> =
  {
    fetch: { Demo: FetchDemo, source: fetchSource },
    axios: { Demo: AxiosDemo, source: axiosSource },
    "react-query": { Demo: ReactQueryDemo, source: reactQuerySource },
    trpc: { Demo: TRPCDemo, source: trpcSource },
  };
