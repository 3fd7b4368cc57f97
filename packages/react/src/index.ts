"use client";
/**
 * @faultline/react: error boundaries whose fallbacks are chosen by API error code (checked by the
 * compiler against your catalog), then by kind, that never swallow what they were not asked to
 * catch; a hook for errors raised outside rendering; React 19 root options that report errors by
 * code, redacted.
 *
 * Not exported on purpose: the internal context and the reviving helper (use core's `reviveError`).
 *
 * @since 0.1.0
 */
export { ApiErrorBoundary } from "./ApiErrorBoundary";
export { type CatalogBoundaries, createApiErrorBoundary } from "./createApiErrorBoundary";
export type {
  ApiErrorBoundaryApi,
  ApiErrorBoundaryProps,
  BoundaryBaseProps,
  CatalogBoundaryProps,
  CodeFallbacks,
  ExhaustiveBoundaryProps,
  FallbackProps,
  FallbackRender,
  KindFallbacks,
  ResetDetails,
} from "./options";
export {
  type ErrorPhase,
  type ErrorReport,
  type ReactErrorInfo,
  type ReportRootErrorsOptions,
  type RootErrorOptions,
  reportRootErrors,
  toErrorReport,
} from "./reportRootErrors";
export { useApiErrorBoundary } from "./useApiErrorBoundary";
