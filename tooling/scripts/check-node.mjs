// Verifies the toolchain runs on a Node that Effect 4 and the build tools support (>= 22.19).
// `pnpm` puts the workspace's bundled Node (the `node-linux-*` optional dependency) first on PATH,
// so scripts run through pnpm get Node 24 even on a machine whose own Node is older.
// With --install (the preinstall hook) it only explains; the bundled Node is not installed yet.
const [major, minor] = process.versions.node.split(".").map(Number);
const ok = major > 22 || (major === 22 && minor >= 19);
if (process.argv.includes("--install")) {
  if (!ok) {
    const bundled = process.platform === "linux" && ["x64", "arm64"].includes(process.arch);
    console.log(
      bundled
        ? `faultline: system Node ${process.version} is older than 22.19; the workspace installs Node 24 for its scripts.`
        : `faultline: Node ${process.version} is older than 22.19 and no bundled Node exists for ${process.platform}-${process.arch}; install Node >= 22.19 before running scripts.`,
    );
  }
  process.exit(0);
}
if (!ok) {
  console.error(
    `faultline: this script needs Node >= 22.19 but runs on ${process.version}. Run it through pnpm (which uses the bundled Node on Linux) or install Node >= 22.19.`,
  );
  process.exit(1);
}
