/**
 * Test helpers: the built example server as a child process on a free port, and Debian's Chromium
 * driven by playwright-core with a fresh profile.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumExecutable, chromiumFlags } from "@faultline/test-server/chromium";
import { type BrowserContext, chromium } from "playwright-core";

const serverEntry = fileURLToPath(new URL("../dist/server/main.js", import.meta.url));

export interface RunningServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `dist/server/main.js` (built by `turbo run build`) with `PORT=0` and reads the URL it prints. */
export const startServer = (): Promise<RunningServer> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverEntry], {
      env: { ...process.env, PORT: "0" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not print its URL: ${out}`)), 15_000);
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before listening: ${out}`)));
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const url = /Faultline example: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({
        url,
        child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once("exit", (code) => done(code));
            child.kill("SIGTERM");
          }),
      });
    });
  });

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Launches Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium) headless with a fresh user-data-dir. */
export const launchBrowser = async (): Promise<Browser> => {
  const profile = await mkdtemp(join(tmpdir(), "faultline-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumExecutable(),
    headless: true,
    args: [...chromiumFlags],
    viewport: { width: 1040, height: 760 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
};
