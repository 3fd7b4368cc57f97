import { type ApiError, decode } from "@faultline/core";

/** An error as core v2 builds it: with the redacted request snapshot (`error.request`). */
export const withRequest = <T extends ApiError>(
  error: T,
  request: { method: string; url?: string; idempotencyKey: boolean },
): T => Object.assign(error, { request: { url: "http://127.0.0.1/x", ...request } });

/** A decoded error for `status` with optional headers. */
export const httpError = (status: number, headers: Record<string, string> = {}): ApiError =>
  decode({ status, headers, body: { code: `E_${status}`, message: `status ${status}` } }) as ApiError;

import { type Handler, json as plainJson, type Routes, reply, type TestServer } from "@faultline/test-server";

const allow = { "access-control-allow-origin": "*" };

/** `json` with the CORS header happy-dom's fetch requires (the page's origin is not the server's). */
export const corsJson = (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  plainJson(status, body, { ...allow, ...headers });

/** Adds an answer to happy-dom's CORS preflight for every route. */
export const withPreflight = (routes: Routes): Routes => {
  const out: Record<string, Handler> = { ...routes };
  for (const key of Object.keys(routes)) {
    const path = key.includes(" ") ? key.split(" ")[1]! : key;
    out[`OPTIONS ${path}`] = reply({
      status: 204,
      headers: { ...allow, "access-control-allow-headers": "*", "access-control-allow-methods": "*" },
    });
  }
  return out;
};

/** The requests the app sent, preflights left out. */
export const sent = (server: TestServer) => server.requests.filter((r) => r.method !== "OPTIONS");
