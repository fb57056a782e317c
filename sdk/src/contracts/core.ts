// strata.core.v1: layers, workloads, pagination, error reasons, IdentityService.
export * from "../gen/strata/core/v1/layer.js";
export * from "../gen/strata/core/v1/workload.js";
export * from "../gen/strata/core/v1/pagination.js";
export * from "../gen/strata/core/v1/errors.js";
export * from "../gen/strata/core/v1/identity.js";
