/**
 * Debian's Chromium for the browser legs of the tests, as TOOLCHAIN.md describes it: the binary at
 * $CHROMIUM_PATH or /usr/bin/chromium, and the flags it needs on these machines (headless, no
 * sandbox as root, no background networking that the closed network would refuse).
 */
import { existsSync } from "node:fs";

/** Launch flags for playwright-core's `args`. */
export const chromiumFlags: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The Chromium binary to launch; throws a clear message when it is missing. */
export const chromiumExecutable = (): string => {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) throw new Error(`${path} not found: apt-get update && apt-get install -y chromium`);
  return path;
};
