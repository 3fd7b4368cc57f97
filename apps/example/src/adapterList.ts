/**
 * The adapters the example shows, one page each (`/try/<id>` and `/try/<id>/<code>`). The client
 * registers a demo per id (`src/demos.ts`, checked by the compiler) and the e2e suite visits every
 * code through every adapter listed here, so adding an adapter is one row here and one demo.
 */
export const adapters = [
  {
    id: "fetch",
    label: "fetch",
    packageName: "@faultline/fetch",
    summary: "createClient: a JSON client that rejects with typed errors and retries on the server's hints.",
  },
  {
    id: "axios",
    label: "axios",
    packageName: "@faultline/axios",
    summary:
      "withFaultline: your own axios instance, rejecting with typed errors and retrying on the server's hints.",
  },
  {
    id: "react-query",
    label: "React Query",
    packageName: "@faultline/react-query",
    summary:
      "faultlineQueryDefaults: React Query retries on the server's hints; a boundary that resets the failed query.",
  },
  {
    id: "trpc",
    label: "tRPC",
    packageName: "@faultline/trpc",
    summary:
      "faultlineRetryLink and fromTRPCClientError: a tRPC router's typed errors, retried on the server's hints.",
  },
] as const;

/** An adapter's id, as it appears in `/try/<id>/<code>`. */
export type AdapterId = (typeof adapters)[number]["id"];

/** One row of {@link adapters}. */
export type Adapter = (typeof adapters)[number];

/** The adapter with this id, if the example has it. */
export const adapterById = (id: string): Adapter | undefined => adapters.find((a) => a.id === id);
