/**
 * The example's tRPC router: one router per resource of the API (candidates, jobs, webhooks,
 * balance) with a `get` query and `post`/`delete` mutations that fail on demand with any code of the
 * standard catalog, thrown as the catalog builds it (`standardCatalog.make`). `@faultline/trpc`'s
 * formatter and middleware carry the error to the client with its kind, code, status and hint.
 */
import { standardCatalog } from "@faultline/core";
import {
  createFaultlineErrorFormatter,
  faultlineMiddleware,
  faultlineResponseMeta,
} from "@faultline/trpc/server";
import { initTRPC } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { isStandardCode } from "../src/scenarios";
import { createFailureCounter, errorFor, requestId } from "./failures";

/** What every procedure takes: the API call's path and query (`fail`, `times`, `run`) and body. */
export interface CallInput {
  readonly path: string;
  /** A code of the standard catalog. */
  readonly fail?: string | undefined;
  /** Attempts that fail before one succeeds (default: all). */
  readonly times?: number | undefined;
  readonly run?: string | undefined;
  readonly body?: unknown;
}

/** A plain input parser (tRPC accepts any function); what it throws becomes a typed 400. */
const parseCall = (raw: unknown): CallInput => {
  if (typeof raw !== "object" || raw === null) throw new TypeError("input must be an object");
  const { path, fail, times, run, body } = raw as Record<string, unknown>;
  if (typeof path !== "string") throw new TypeError("path must be a string");
  if (fail !== undefined && (typeof fail !== "string" || !isStandardCode(fail)))
    throw new TypeError("fail must be a code of the standard catalog");
  if (times !== undefined && !(typeof times === "number" && Number.isInteger(times) && times >= 0))
    throw new TypeError("times must be a whole number");
  if (run !== undefined && typeof run !== "string") throw new TypeError("run must be a string");
  return { path, fail, times, run, body };
};

const t = initTRPC.create({ errorFormatter: createFaultlineErrorFormatter({ catalog: standardCatalog }) });
const procedure = t.procedure.use(faultlineMiddleware).input(parseCall);

const sample: Readonly<Record<string, unknown>> = {
  candidates: [{ id: "cand_42", email: "ada@example.com", status: "new", jobId: "job_7" }],
  jobs: [{ id: "job_7", title: "Backend engineer", priority: "high", status: "open" }],
  webhooks: [{ id: "wh_1", url: "https://example.com/hook", events: ["candidate.created"] }],
  balance: { available: "50.50", currency: "USD" },
};

/** A router whose procedures answer like the REST API: sample data, or the requested failure. */
export const createAppRouter = () => {
  const shouldFail = createFailureCounter();
  const answer = (resource: string, method: string, input: CallInput) => {
    const key = `${input.run ?? ""}\u0000${method}\u0000${resource}${input.path}\u0000${input.fail}`;
    if (input.fail !== undefined && isStandardCode(input.fail) && shouldFail(key, input.times ?? Infinity))
      throw errorFor(input.fail, requestId());
    return { data: method === "delete" ? null : sample[resource] };
  };
  const resource = (name: string) =>
    t.router({
      get: procedure.query(({ input }) => answer(name, "get", input)),
      post: procedure.mutation(({ input }) => answer(name, "post", input)),
      delete: procedure.mutation(({ input }) => answer(name, "delete", input)),
    });
  return t.router({
    candidates: resource("candidates"),
    jobs: resource("jobs"),
    webhooks: resource("webhooks"),
    balance: resource("balance"),
  });
};

/** The router's type, all the client imports. */
export type AppRouter = ReturnType<typeof createAppRouter>;

/** The router as a Node handler for `createExampleServer({ mounts: { "/trpc": ... } })`. */
export const createTRPCHandler = () =>
  createHTTPHandler({
    router: createAppRouter(),
    basePath: "/trpc/",
    responseMeta: faultlineResponseMeta,
  });
