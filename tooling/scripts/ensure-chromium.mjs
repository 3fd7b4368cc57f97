// The browser leg of the runtime tests needs Chromium. Playwright's own browser download cannot
// run on our machines, so we use the distribution's Chromium: found at $CHROMIUM_PATH or
// /usr/bin/chromium, else installed with apt-get when we can (root on Debian/Ubuntu), else a clear
// message. Nothing is skipped silently.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(path)) process.exit(0);
const canApt = process.platform === "linux" && existsSync("/usr/bin/apt-get") && process.getuid?.() === 0;
if (!canApt) {
  console.error(
    `faultline: Chromium not found at ${path}. Install Chromium and set CHROMIUM_PATH (on Debian/Ubuntu: apt-get install -y chromium).`,
  );
  process.exit(1);
}
console.log("faultline: installing Chromium for the browser runtime tests (apt-get install chromium)...");
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], {
  stdio: "inherit",
  env,
});
if (!existsSync(path)) {
  console.error(`faultline: apt-get finished but ${path} is still missing.`);
  process.exit(1);
}
