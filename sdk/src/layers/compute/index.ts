/**
 * @strata/sdk/compute: the compute layer (strata.compute.v1). Its contracts
 * (the `compute` namespace of generated messages, services and clients), the
 * client services for `connect()`, the standard metric catalogue, and the
 * compute kit a vendor serves its ComputeBackend with.
 */
export * as compute from "./contracts.js";
export { COMPUTE_SERVICES } from "./compute-services.js";
export { COMPUTE_CATALOGUE, COMPUTE_METRICS, COMPUTE_MEASUREMENTS } from "./compute-catalogue.js";
export { createComputeServer } from "./create-compute-server.js";
export { createCpuBudget } from "./cpu-budget.js";
export { MAX_SPIN_NS, MAX_SEED_BYTES } from "./work-request.js";
export { MIN_MEMORY_BYTES } from "./instance-service.js";
export { MAX_CPU_SHARES } from "./cpu-policy-service.js";
export { programReachOptions, programReachOf, NETWORK_UPSTREAM, FABRIC_UPSTREAM, DEVELOPMENT_PROGRAM_CALLER } from "./compute-cli.js";

export type { ComputeServer, ComputeServerOptions, ComputeServices } from "./create-compute-server.js";
export type {
  ComputeBackend, HostDescription, Work, ExecutionRequest, WorkResult, ApplicablePolicies,
} from "./compute-backend.js";
export type { ComputeKit } from "./compute-kit.js";
export type { CpuBudget } from "./cpu-budget.js";
export type {
  ComputeProgram, ProgramEnvironment, ProgramRequest, ProgramLan, LayerReach, NetworkReach, FabricReach,
} from "./compute-program.js";
