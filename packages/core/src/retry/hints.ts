/**
 * Merge shim: hint parsing moved to `src/hints.ts` (it belongs with decoding). `internal/formats.ts`
 * still imports `parseDuration` from here until its import is pointed at `../hints`; then delete
 * this file.
 */
export { parseDuration } from "../hints";
