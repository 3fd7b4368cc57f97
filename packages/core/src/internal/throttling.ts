/**
 * Throttling, recognized from the machine identifiers an API sends (code, type, reason) whatever
 * the HTTP status: AWS sends `ThrottlingException` with 400 and `SlowDown` with 503, Google's
 * legacy APIs `rateLimitExceeded` and `userRateLimitExceeded` with 403, EC2
 * `RequestLimitExceeded` with 503. Quota and billing limits (`quotaExceeded`, `dailyLimitExceeded`,
 * `insufficient_quota`) are not throttling: waiting a little does not fix them.
 */

import { memoize } from "./memo";

const MAX_ID = 128;

// Compared after lower-casing and dropping everything but letters and digits.
const throttleParts = [
  "throttl",
  "ratelimit",
  "toomanyrequests",
  "slowdown",
  "requestlimitexceeded",
  "throughputexceeded",
  "bandwidthlimitexceeded",
  "priorrequestnotcomplete",
  "concurrencylimitexceeded",
] as const;
const notThrottle = ["quota", "daily", "billing", "insufficient"] as const;

// Decided once per identifier: an API sends the same few codes again and again.
const verdict = /* @__PURE__ */ memoize((id: string): boolean => {
  const key = id.toLowerCase().replace(/[^a-z0-9]/g, "");
  return throttleParts.some((p) => key.includes(p)) && !notThrottle.some((p) => key.includes(p));
}, MAX_ID);

/** Whether one machine identifier names throttling. */
export const isThrottlingId = (id: string | undefined): boolean =>
  id !== undefined && id.length > 0 && id.length <= MAX_ID && verdict(id);
