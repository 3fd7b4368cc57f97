export * from "./ApiError";
export * from "./Catalog";
export * from "./decode";
export * from "./redact";
export * from "./retry/hints";
export * from "./status";
