/**
 * The Strata contracts as generated TypeScript: messages, enums, service
 * definitions (for servers) and client constructors (for callers), one
 * namespace per proto package. Generated code lives in ./gen and is never
 * edited; this file is the only way other packages reach it.
 *
 * @example
 * import { storage } from "@strata/sdk/contracts";
 * const req = storage.CreateVolumeRequest.fromPartial({ name: "db", capacityBytes: 1 << 20 });
 */
export * as core from "./contracts/core.js";
export * as telemetry from "./contracts/telemetry.js";
export * as topology from "./contracts/topology.js";
export * as storage from "./contracts/storage.js";
export * as rpc from "./contracts/rpc.js";
