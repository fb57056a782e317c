import { connect } from "../../client/connect.js";
import { upstreamEndpointOf, upstreamEndpointOptions, type Option, type UpstreamEndpointSpec } from "../../vendor-cli.js";
import { COMPUTE_SERVICES } from "../compute/compute-services.js";
import type { ComputeReach } from "./compute-reach.js";

/** The tenant an access endpoint calls compute as in development mode, with the operator role. */
export const DEVELOPMENT_COMPUTE_CALLER = "strata-access";

/** The compute endpoint as an upstream-endpoint option group: --compute-endpoint and its credentials. */
export const COMPUTE_UPSTREAM: UpstreamEndpointSpec = Object.freeze({
  name: "compute", what: "the compute endpoint", developmentCaller: DEVELOPMENT_COMPUTE_CALLER,
});

/**
 * The flags every access vendor's command offers to reach the compute layer
 * (entry points on compute instances, docs/access.md): pass
 * `computeReachOf(flags)` on as `compute`.
 *
 * @example
 * options: [...computeEndpointOptions()],
 * create: ({ flags }) => createAcmeAccessServer({ compute: computeReachOf(flags) }),
 */
export function computeEndpointOptions(): Option[] {
  return upstreamEndpointOptions(COMPUTE_UPSTREAM);
}

/** The compute reach the flags of computeEndpointOptions() give; undefined without --compute-endpoint. */
export function computeReachOf(flags: Record<string, unknown>): ComputeReach | undefined {
  const endpoint = upstreamEndpointOf(flags, COMPUTE_UPSTREAM);
  if (!endpoint) return undefined;
  return { clients: connect(endpoint.target, { services: COMPUTE_SERVICES, auth: endpoint.auth, tls: endpoint.tls }) };
}
