export * from "./index";

import type { AnyCatalog } from "./Catalog";
import type { DecodeOptions } from "./decode";
/** A user's options type built on core's, read under exactOptionalPropertyTypes. */
export type CreateOptionsProbe = Pick<DecodeOptions<AnyCatalog | undefined>, "catalog">;
