// strata.compute.v1: instances, the Execute data path, CPU policies, attachments, hosts.
export * from "../../gen/strata/compute/v1/instance.js";
export * from "../../gen/strata/compute/v1/execution.js";
export * from "../../gen/strata/compute/v1/cpu_policy.js";
export * from "../../gen/strata/compute/v1/attachment.js";
export * from "../../gen/strata/compute/v1/host.js";
