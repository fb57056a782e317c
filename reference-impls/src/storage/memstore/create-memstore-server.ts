import { core } from "@strata/sdk/contracts";
import { createMemstoreBackend, type MemstoreOptions } from "./memstore-backend.js";
import { createStorageServer } from "@strata/sdk/storage";
import type { StorageServer, StorageServerOptions } from "@strata/sdk/storage";

export type MemstoreServerOptions = Omit<StorageServerOptions, "info" | "backend"> & MemstoreOptions;

/** The memstore reference vendor as a ready storage endpoint. */
export function createMemstoreServer(options: MemstoreServerOptions): Promise<StorageServer> {
  return createStorageServer({
    capabilities: [core.Feature.FEATURE_STORAGE_THIN_PROVISIONING, core.Feature.FEATURE_STORAGE_VOLUME_EXPANSION],
    ...options,
    info: { vendor: "Strata reference", product: "strata-storage-memstore", version: "0.1.0" },
    backend: createMemstoreBackend(options),
  });
}
