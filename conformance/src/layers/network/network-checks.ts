import type { StrataClients } from "@strata/sdk/client";
import type { NETWORK_SERVICES } from "@strata/sdk/network";
import { createLayerChecks, type LayerChecks } from "../../registry/check-registry.js";
import type { LayerCheckContext } from "../../runner/check-context.js";

/** The LAN layer's client services, by client name (networks, ports, endpoints, datagrams, qosClasses, taps). */
export type NetworkServices = typeof NETWORK_SERVICES;

/** `t` of a LAN check: clients with the network services, the module under test. */
export type NetworkContext = LayerCheckContext<NetworkServices>;

/** Clients of the common and the network services. */
export type NetworkClients = StrataClients<NetworkServices>;

const networkChecks: LayerChecks<NetworkServices> = createLayerChecks<NetworkServices>("network");

/** Registers a LAN check: each suite file of this folder registers with it. */
export const check: LayerChecks<NetworkServices>["check"] = networkChecks.check;

/** The LAN layer's own checks, for its module. */
export const checks = networkChecks.checks;
