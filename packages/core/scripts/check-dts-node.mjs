// The published declarations type-check in a Node-only project: lib es2023, types node, no DOM,
// skipLibCheck false. Errors inside dependencies (effect's own crypto declarations use DOM names)
// are reported but do not fail the check; any error in our dist does.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
const run = spawnSync(process.execPath, [tsc, "-p", "tsconfig.dts-node.json"], { encoding: "utf8" });
const lines = `${run.stdout}${run.stderr}`.split("\n").filter((line) => /error TS\d+/.test(line));
const ours = lines.filter((line) => !line.includes("node_modules"));
if (lines.length > ours.length)
  console.log(`dts-node: ${lines.length - ours.length} error(s) in dependencies, ignored`);
if (ours.length > 0) {
  console.error(ours.join("\n"));
  process.exit(1);
}
console.log("dts-node: dist/*.d.ts type-check under lib es2023 + types node, skipLibCheck false");
