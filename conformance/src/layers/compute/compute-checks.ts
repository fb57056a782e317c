import type { StrataClients } from "@strata/sdk/client";
import type { COMPUTE_SERVICES } from "@strata/sdk/compute";
import { createLayerChecks, type LayerChecks } from "../../registry/check-registry.js";
import type { LayerCheckContext } from "../../runner/check-context.js";

/** The compute layer's client services, by client name (instances, execution, cpuPolicies, attachments, hosts). */
export type ComputeServices = typeof COMPUTE_SERVICES;

/** `t` of a compute check: clients with the compute services, the module under test. */
export type ComputeContext = LayerCheckContext<ComputeServices>;

/** Clients of the common and the compute services. */
export type ComputeClients = StrataClients<ComputeServices>;

const computeChecks: LayerChecks<ComputeServices> = createLayerChecks<ComputeServices>("compute");

/** Registers a compute check: each suite file of this folder registers with it. */
export const check: LayerChecks<ComputeServices>["check"] = computeChecks.check;

/** The compute layer's own checks, for its module. */
export const checks = computeChecks.checks;
