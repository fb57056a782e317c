/**
 * @strata/reference-impls: reference vendors of every Strata layer, each a
 * thin adapter over @strata/sdk. Folders follow the layers: storage/<vendor>, fabric/<vendor>, network/<vendor>,
 * compute/<vendor>, access/<vendor>, device/<vendor>.
 */
export { createMemstoreServer, createMemstoreBackend } from "./storage/memstore/index.js";
export { createBlockfileServer, createBlockfileBackend } from "./storage/blockfile/index.js";
export { createSoftswitchServer, createSoftswitchBackend } from "./network/softswitch/index.js";
export { createUdpswitchServer, createUdpswitchBackend } from "./network/udpswitch/index.js";
export { createThreadpoolServer, createThreadpoolBackend } from "./compute/threadpool/index.js";
export { createProcpoolServer, createProcpoolBackend } from "./compute/procpool/index.js";
export { createDirectfabricServer, createDirectfabricBackend } from "./fabric/directfabric/index.js";
export { createCreditfabricServer, createCreditfabricBackend } from "./fabric/creditfabric/index.js";
export { createDirectaccessServer, createDirectBackend } from "./access/directaccess/index.js";
export { createShapedaccessServer, createShapedBackend } from "./access/shapedaccess/index.js";
export { createFleetServer, createFleetBackend } from "./device/fleet/index.js";
export { createProbeServer, createProbeBackend, createTcpEchoRoute } from "./device/probe/index.js";
export { REFERENCE_VENDORS } from "./reference-vendors.js";
export { createHubServer } from "./hub/index.js";
export * from "./stack/apps/index.js";
export * from "./management/index.js";

export type { MemstoreServerOptions, MemstoreOptions } from "./storage/memstore/index.js";
export type { BlockfileServerOptions, BlockfileOptions, BlockfileBackend } from "./storage/blockfile/index.js";
export type { SoftswitchServerOptions, SoftswitchOptions } from "./network/softswitch/index.js";
export type { UdpswitchServerOptions, UdpswitchOptions } from "./network/udpswitch/index.js";
export type { ThreadpoolServerOptions, ThreadpoolOptions } from "./compute/threadpool/index.js";
export type { ProcpoolServerOptions, ProcpoolOptions } from "./compute/procpool/index.js";
export type { DirectfabricServerOptions, DirectfabricOptions } from "./fabric/directfabric/index.js";
export type { CreditfabricServerOptions, CreditfabricOptions } from "./fabric/creditfabric/index.js";
export type { DirectaccessServerOptions } from "./access/directaccess/index.js";
export type { ShapedaccessServerOptions, ShapedOptions } from "./access/shapedaccess/index.js";
export type { FleetServerOptions, FleetOptions, FleetLoadOptions, MixEntry } from "./device/fleet/index.js";
export type { ProbeServerOptions, ProbeOptions, MonitorOptions, ScriptedJourney, ScriptedStep } from "./device/probe/index.js";
export type { ReferenceVendor, ReferenceVendorOptions } from "./reference-vendors.js";
export type { HubServer, HubServerOptions, EndpointConfig } from "./hub/index.js";
export { createTopModel, runTop, topCommand, TOP_METRICS } from "./top/index.js";
