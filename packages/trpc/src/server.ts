/**
 * `@faultline/trpc/server`: core errors across a tRPC v11 server. An error formatter that carries
 * the core error to the client, a middleware that gives a thrown core error its tRPC code, and a
 * `responseMeta` that sets `Retry-After` and the status.
 *
 * Deliberately not exported: the tRPC code table (internal; its effects are visible through
 * `toTRPCError` and `fromTRPCError`).
 *
 * @since 0.1.0
 */
export {
  createFaultlineErrorFormatter,
  type FaultlineErrorData,
  type FaultlineErrorShape,
  type FaultlineFormatterInput,
  faultlineErrorFormatter,
} from "./errorFormatter";
export { fromTRPCError } from "./fromTRPCError";
export { faultlineMiddleware, toTRPCError } from "./middleware";
export type { FaultlineServerOptions } from "./options";
export {
  type FaultlineResponseMeta,
  type FaultlineResponseMetaInput,
  faultlineResponseMeta,
} from "./responseMeta";
