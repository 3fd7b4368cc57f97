// deno: run.mjs runs this file with the command in its "deno" row (the base URL as argument).
import "../lib/cli-entry.mjs";
