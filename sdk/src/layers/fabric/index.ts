/**
 * @strata/sdk/fabric: the storage networking layer (strata.fabric.v1). Its
 * contracts (the `fabric` namespace of generated messages, services and
 * clients), the client services for `connect()`, the standard metric
 * catalogue, and the fabric kit a vendor serves its FabricBackend with.
 */
export * as fabric from "./contracts.js";
export { FABRIC_SERVICES } from "./fabric-services.js";
export { FABRIC_CATALOGUE, FABRIC_METRICS, FABRIC_MEASUREMENTS, TRANSFER_OPERATION } from "./fabric-catalogue.js";
export { createFabricServer, DEFAULT_PATH_WINDOW_MS } from "./create-fabric-server.js";
export { storageSystemOptions, storageSystemsOf, DEVELOPMENT_STORAGE_CALLER } from "./fabric-cli.js";

export type { FabricServer, FabricServerOptions, FabricServices } from "./create-fabric-server.js";
export type {
  FabricBackend, FabricPort, LinkShape, Frame, FrameClass, Carriage, HopDescription, HopTime,
} from "./fabric-backend.js";
export type { FabricKit } from "./fabric-kit.js";
export type { StorageSystem, StorageCommand } from "./storage-forwarder.js";
