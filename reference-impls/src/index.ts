/**
 * @strata/reference-impls: reference vendors of every Strata layer, each a
 * thin adapter over @strata/sdk. Folders follow the layers: storage/<vendor>.
 */
export { createMemstoreServer, createMemstoreBackend } from "./storage/memstore/index.js";
export { createBlockfileServer, createBlockfileBackend } from "./storage/blockfile/index.js";
export { REFERENCE_VENDORS } from "./reference-vendors.js";

export type { MemstoreServerOptions, MemstoreOptions } from "./storage/memstore/index.js";
export type { BlockfileServerOptions, BlockfileOptions, BlockfileBackend } from "./storage/blockfile/index.js";
export type { ReferenceVendor, ReferenceVendorOptions } from "./reference-vendors.js";
