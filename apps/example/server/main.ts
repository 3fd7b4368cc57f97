/**
 * Starts the example: `PORT` from the environment (default 5173; `0` picks a free port), on
 * 127.0.0.1, prints the URL, stops cleanly on Ctrl-C (SIGINT) and SIGTERM.
 */
import { fileURLToPath } from "node:url";
import { createExampleServer } from "./server";
import { createTRPCHandler } from "./trpc";

const port = Number(process.env.PORT ?? 5173);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be an integer from 0 to 65535, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}

const server = createExampleServer({
  // The built server lives in dist/server, the client in dist/client.
  clientDir: fileURLToPath(new URL("../client/", import.meta.url)),
  mounts: { "/trpc": createTRPCHandler() },
});

server.on("error", (error: NodeJS.ErrnoException) => {
  console.error(
    error.code === "EADDRINUSE" ? `Port ${port} is in use: set PORT to another port.` : error.message,
  );
  process.exit(1);
});

server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  const actual = typeof address === "object" && address !== null ? address.port : port;
  console.log(`Faultline example: http://127.0.0.1:${actual}`);
});

const stop = (signal: NodeJS.Signals) => {
  console.log(`\n${signal}: stopping`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
