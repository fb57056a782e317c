/**
 * @strata/sdk/storage: the storage layer (strata.storage.v1). Its contracts
 * (the `storage` namespace of generated messages, services and clients), the
 * client services for `connect()`, the standard metric catalogue, and the
 * storage kit a vendor serves its StorageBackend with.
 */
export * as storage from "./contracts.js";
export { STORAGE_SERVICES } from "./storage-services.js";
export { STORAGE_CATALOGUE, STORAGE_METRICS } from "./storage-catalogue.js";
export { createStorageServer, DEFAULT_MAX_LUNS_PER_HOST, DEFAULT_MAX_VOLUMES_PER_TENANT } from "./create-storage-server.js";
export { maxVolumesPerTenantOption } from "./storage-cli.js";
export { MIN_MAX_IO_BYTES, MIN_MAX_PAGE_SIZE } from "./storage-limits.js";
export { createFileStateStore, createMemoryStateStore } from "./state-store.js";
export { policyKey } from "./catalog-change.js";
export { createLatencyWindow } from "./latency-window.js";
export { createTenantLatency } from "./tenant-latency.js";

export type { StorageServer, StorageServerOptions, StorageServices } from "./create-storage-server.js";
export type { StorageBackend, PoolDescription, IoRequest, ApplicablePolicies } from "./storage-backend.js";
export type { SavedState, StateStore } from "./state-store.js";
export type { StorageKit } from "./storage-kit.js";
export type { LatencyWindow } from "./latency-window.js";
export type { TenantLatency } from "./tenant-latency.js";
