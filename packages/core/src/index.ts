/**
 * @faultline/core: API errors as Effect tagged unions. Catalogs, decoding of every common wire
 * format, encoding, exhaustive matching, redaction, retry policy.
 *
 * @since 0.1.0
 */
export * from "./ApiError";
export * from "./Catalog";
export * from "./decode";
export * from "./encode";
export * from "./fromUnknown";
export * from "./match";
export * from "./redact";
export * from "./retry/hints";
export * from "./retry/policy";
export * from "./standard";
export * from "./status";
