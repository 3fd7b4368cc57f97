// node24: run.mjs runs this file with the command in its "node24" row (the base URL as argument).
import "../lib/cli-entry.mjs";
