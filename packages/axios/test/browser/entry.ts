// Runs in Chromium: withFaultline on an instance of the browser build of axios with the xhr
// adapter, against the loopback API that served this page (same origin). Results go to
// `globalThis.__results` for the test to read.
import { isApiError, standardCatalog } from "@faultline/core";
import axios from "axios";
import { withFaultline } from "../../src/index";

interface Outcome {
  readonly name: string;
  readonly value: unknown;
}

const describe = (error: unknown) =>
  isApiError(error)
    ? {
        isApiError: true,
        tag: error._tag,
        status: error.status,
        code: error.code,
        requestId: error.requestId,
        retryAfterMs: error.retryAfterMs,
        attempts: error.attempts,
        message: error.message,
        causeCode: (error.cause as { code?: string } | undefined)?.code,
        json: JSON.stringify(error),
        text: String(error),
      }
    : { isApiError: false, text: String(error) };

const run = async (): Promise<Outcome[]> => {
  const outcomes: Outcome[] = [];
  const api = withFaultline(
    axios.create({ adapter: "xhr", headers: { Authorization: "Bearer sk_live_browser_secret_0001" } }),
    { catalog: standardCatalog, retry: { baseDelayMs: 5, maxDelayMs: 20 }, idempotencyKey: true },
  );
  const attempt = async (name: string, request: () => Promise<unknown>) => {
    try {
      const res = (await request()) as { data: unknown };
      outcomes.push({ name, value: { resolved: res.data } });
    } catch (error) {
      outcomes.push({ name, value: describe(error) });
    }
  };
  await attempt("rate-limited", () => api.get("/api/rate-limited"));
  await attempt("retried", () => api.post("/api/flaky", { n: 1 }));
  await attempt("blob", () => api.get("/api/not-found", { responseType: "blob" }));
  await attempt("arraybuffer", () => api.get("/api/not-found", { responseType: "arraybuffer" }));
  await attempt("timeout", () => api.get("/api/slow", { timeout: 100 }));
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 50);
  await attempt("aborted", () => api.get("/api/slow", { signal: controller.signal }));
  await attempt("network", () => api.get(`${location.protocol}//127.0.0.1:1/refused`));
  await attempt("adapter", async () => ({ data: api.defaults.adapter }));
  return outcomes;
};

run().then(
  (outcomes) => {
    (globalThis as { __results?: unknown }).__results = outcomes;
  },
  (error: unknown) => {
    (globalThis as { __results?: unknown }).__results = [{ name: "crash", value: String(error) }];
  },
);
