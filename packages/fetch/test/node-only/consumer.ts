/**
 * A consumer of the published `.d.ts` in a Node-only project: no "dom" lib, Node's globals only,
 * `skipLibCheck: false`. Run by `pnpm test` with `tsc -p test/node-only` (and the bundler variant).
 * Every type the declarations name must resolve here, so `any` cannot slip in.
 */
import { standardCatalog } from "@faultline/core";
import {
  type AuthRefresh,
  createClient,
  createFetch,
  type FaultlineFetch,
  type FetchHeaders,
  type FetchInput,
  type FetchOptions,
} from "@faultline/fetch";

const headers: FetchHeaders = { accept: "application/json" };
const options: FetchOptions<typeof standardCatalog> = {
  baseUrl: "https://api.example.com/v1",
  headers,
  catalog: standardCatalog,
  timeoutMs: 5_000,
  fetch: (input: FetchInput, init?: RequestInit) => fetch(input, init),
};
const api: FaultlineFetch = createFetch(options);
const auth: AuthRefresh = {
  refresh: async () => ({ authorization: "Bearer t" }),
  origin: "https://api.example.com",
};

export const calls = async (): Promise<number> => {
  const res = await api("/users/42", { headers: [["x-trace-id", "t1"]] });
  await api(new URL("https://api.example.com/users/42"));
  await api(new Request("https://api.example.com/users/42"));
  // @ts-expect-error a number is not a request input
  await createFetch()(12345);
  // @ts-expect-error headers must be strings
  await createFetch({ headers: { "x-count": 1 } })("/x");
  // @ts-expect-error refresh must return headers or nothing
  createFetch({ auth: { refresh: async () => 42 } });
  const client = createClient({ baseUrl: "https://api.example.com", auth });
  const user = await client.get<{ id: number }>("/users/42");
  return res.status + user.id;
};
