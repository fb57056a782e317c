/**
 * The common Strata contracts as generated TypeScript: messages, enums,
 * service definitions (for servers) and client constructors (for callers),
 * one namespace per proto package. A layer's own contracts come with its
 * entry (@strata/sdk/<layer>). Generated code lives in ./gen and is never
 * edited; the entries are the only way other packages reach it.
 *
 * @example
 * import { telemetry } from "@strata/sdk/contracts";
 * const req = telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_STREAM });
 */
export * as core from "./contracts/core.js";
export * as telemetry from "./contracts/telemetry.js";
export * as topology from "./contracts/topology.js";
export * as hub from "./contracts/hub.js";
export * as management from "./contracts/management.js";
export * as rpc from "./contracts/rpc.js";
