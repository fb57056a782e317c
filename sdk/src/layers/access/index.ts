/**
 * @strata/sdk/access: the user access network layer (strata.access.v1). Its
 * contracts (the `access` namespace of generated messages, services and
 * clients), the client services for `connect()`, the standard metric
 * catalogue, and the access kit a vendor serves its AccessBackend with.
 */
export * as access from "./contracts.js";
export { ACCESS_SERVICES } from "./access-services.js";
export { ACCESS_CATALOGUE, ACCESS_METRICS, ACCESS_MEASUREMENTS } from "./access-catalogue.js";
export { createAccessServer } from "./create-access-server.js";
export { computeEndpointOptions, computeReachOf, COMPUTE_UPSTREAM, DEVELOPMENT_COMPUTE_CALLER } from "./access-cli.js";
export { executeRequestOf } from "./compute-entry-point.js";
export { MAX_ECHO_DELAY_NS } from "./echo-entry-point.js";
export { MAX_REQUESTS_PER_SECOND, MAX_BURST_REQUESTS } from "./shaping-service.js";

export type { AccessServer, AccessServerOptions, AccessServices } from "./create-access-server.js";
export type { AccessBackend, Carriage, Carried } from "./access-backend.js";
export type { AccessKit } from "./access-kit.js";
export type { ComputeReach } from "./compute-reach.js";
