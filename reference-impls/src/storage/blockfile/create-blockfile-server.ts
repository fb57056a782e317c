import { join } from "node:path";
import { core } from "@strata/sdk/contracts";
import { createBlockfileBackend, type BlockfileOptions } from "./blockfile-backend.js";
import { createFileStateStore, createStorageServer } from "@strata/sdk/storage";
import type { StorageServer, StorageServerOptions } from "@strata/sdk/storage";

export type BlockfileServerOptions = Omit<StorageServerOptions, "info" | "backend" | "stateStore"> & BlockfileOptions;

/**
 * The blockfile reference vendor as a ready storage endpoint: volumes,
 * mappings and policies kept in `<dataDir>/catalog.json`, volume data in
 * `<dataDir>/volumes/`, so a restart on the same directory loses nothing
 * acknowledged.
 */
export async function createBlockfileServer(options: BlockfileServerOptions): Promise<StorageServer> {
  const { dataDir, capacityBytes, qosMaxWaitMs, deviceQueueDepth, maxOpenFiles, deviceModel, ...serverOptions } = options;
  const backend = await createBlockfileBackend({ dataDir, capacityBytes, qosMaxWaitMs, deviceQueueDepth, maxOpenFiles, deviceModel });
  let server: StorageServer | undefined;
  try {
    server = await createStorageServer({
      capabilities: [
        core.Feature.FEATURE_STORAGE_THIN_PROVISIONING,
        core.Feature.FEATURE_STORAGE_VOLUME_EXPANSION,
        core.Feature.FEATURE_STORAGE_QOS_LATENCY_TARGET,
        // Durable writes are fdatasync'ed, and the catalogue naming their volume is journaled the same way.
        core.Feature.FEATURE_STORAGE_DURABLE_WRITES,
      ],
      ...serverOptions,
      info: { vendor: "Strata reference", product: "strata-storage-blockfile", version: "0.1.0" },
      backend,
      stateStore: createFileStateStore(join(dataDir, "catalog.json")),
    });
    return server;
  } catch (error) {
    if (server) await server.shutdown(0);
    else await backend.close();
    throw error;
  }
}
