import { connect } from "../../client/connect.js";
import { upstreamEndpointOf, upstreamEndpointOptions, type Option, type UpstreamEndpointSpec } from "../../vendor-cli.js";
import { FABRIC_SERVICES } from "../fabric/fabric-services.js";
import { NETWORK_SERVICES } from "../network/network-services.js";
import type { FabricReach, NetworkReach } from "./compute-program.js";

/** The tenant a compute endpoint calls the LAN and the fabric as in development mode, with the operator role. */
export const DEVELOPMENT_PROGRAM_CALLER = "strata-compute";

/** The LAN endpoint as an upstream-endpoint option group: --network-endpoint and its credentials. */
export const NETWORK_UPSTREAM: UpstreamEndpointSpec = Object.freeze({
  name: "network", what: "the LAN endpoint", developmentCaller: DEVELOPMENT_PROGRAM_CALLER,
});

/** The fabric endpoint as an upstream-endpoint option group: --fabric-endpoint and its credentials. */
export const FABRIC_UPSTREAM: UpstreamEndpointSpec = Object.freeze({
  name: "fabric", what: "the fabric endpoint", developmentCaller: DEVELOPMENT_PROGRAM_CALLER,
});

/**
 * The flags every compute vendor's command offers to reach the LAN and the
 * fabric for its programs (docs/compute.md, Programs): pass
 * `programReachOf(flags)` on to createComputeServer.
 *
 * @example
 * options: [...programReachOptions()],
 * create: ({ flags }) => createAcmeComputeServer({ programs, ...programReachOf(flags) }),
 */
export function programReachOptions(): Option[] {
  return [...upstreamEndpointOptions(NETWORK_UPSTREAM), ...upstreamEndpointOptions(FABRIC_UPSTREAM)];
}

/** The LAN and fabric reaches the flags of programReachOptions() give (each only when its endpoint flag was given). */
export function programReachOf(flags: Record<string, unknown>): { network?: NetworkReach; fabric?: FabricReach } {
  const network = upstreamEndpointOf(flags, NETWORK_UPSTREAM);
  const fabric = upstreamEndpointOf(flags, FABRIC_UPSTREAM);
  return {
    ...(network ? { network: { clients: connect(network.target, { services: NETWORK_SERVICES, auth: network.auth, tls: network.tls }) } } : {}),
    ...(fabric ? { fabric: { clients: connect(fabric.target, { services: FABRIC_SERVICES, auth: fabric.auth, tls: fabric.tls }) } } : {}),
  };
}
