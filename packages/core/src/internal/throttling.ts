/**
 * Throttling, recognized from the machine identifiers an API sends (code, type, reason) whatever
 * the HTTP status: AWS sends `ThrottlingException` with 400 and `SlowDown` with 503, Google's
 * legacy APIs `rateLimitExceeded` and `userRateLimitExceeded` with 403, EC2
 * `RequestLimitExceeded` with 503. Quota and billing limits (`quotaExceeded`, `dailyLimitExceeded`,
 * `insufficient_quota`) are not throttling: waiting a little does not fix them.
 */

import { memoize } from "./memo";

const MAX_ID = 128;

// Matched after lower-casing and dropping everything but letters and digits.
const throttle =
  /throttl|ratelimit|toomanyrequests|slowdown|(?:request|bandwidth|concurrency)limitexceeded|throughputexceeded|priorrequestnotcomplete/;
const notThrottle = /quota|daily|billing|insufficient/;

// Decided once per identifier: an API sends the same few codes again and again.
const verdict = /* @__PURE__ */ memoize((id: string): boolean => {
  const key = id.toLowerCase().replace(/[^a-z0-9]/g, "");
  return throttle.test(key) && !notThrottle.test(key);
}, MAX_ID);

// Messages that say "slow down" in words (VK's "Too many requests per second", Baidu's "qps request
// limit reached", Feishu's "request trigger frequency limit"), when no identifier says so; not
// limits on one request's size (a batch's, a query's depth) nor bans.
const throttleText =
  /\b(?:rate[ -]?limited|rate[ -]?limits? (?:exceeded|reached|hit)|too many (?:requests|visits)|throttled|trigger frequency limit|frequency limit (?:exceeded|reached)|qps (?:request )?limit)\b/i;
const notThrottleText = /\b(?:batch|max(?:imum)?|depth|at most|permanent(?:ly)?|suspended|banned)\b/i;

/** A message short enough to be read for its words (a long one is a page or a dump). */
const readable = (message: string | undefined): message is string =>
  message !== undefined && message.length <= 500;

/** Whether a message says the request was throttled (quota and billing limits are not). */
export const isThrottlingText = (message: string | undefined): boolean =>
  readable(message) &&
  throttleText.test(message) &&
  !notThrottleText.test(message) &&
  !notThrottle.test(message.toLowerCase());

/**
 * Whether a message says the account ran out of credit (xAI's "used all available credits", Zhipu's
 * "余额不足"): a 429 that waiting does not fix. Credits counted per minute are a rate limit.
 */
export const isBillingText = (message: string | undefined): boolean =>
  readable(message) &&
  /\b(?:insufficient (?:funds|balance|credits?)|(?:purchase|buy|top up|add) (?:more )?credits?|used (?:all|up) (?:of )?(?:your |the |available )*credits?|out of credits?|payment required)\b|余额不足/i.test(
    message,
  ) &&
  !/\b(?:per|each|every|current) (?:second|minute|hour)\b/i.test(message);

/** Whether one machine identifier names throttling. */
export const isThrottlingId = (id: string | undefined): boolean =>
  id !== undefined && id.length > 0 && id.length <= MAX_ID && verdict(id);
