import type { StrataClients } from "@strata/sdk/client";
import type { FABRIC_SERVICES } from "@strata/sdk/fabric";
import { createLayerChecks, type LayerChecks } from "../../registry/check-registry.js";
import type { LayerCheckContext } from "../../runner/check-context.js";

/** The fabric layer's client services, by client name (ports, zones, paths, transfers). */
export type FabricServices = typeof FABRIC_SERVICES;

/** `t` of a fabric check: clients with the fabric services, the module under test. */
export type FabricContext = LayerCheckContext<FabricServices>;

/** Clients of the common and the fabric services. */
export type FabricClients = StrataClients<FabricServices>;

const fabricChecks: LayerChecks<FabricServices> = createLayerChecks<FabricServices>("fabric");

/** Registers a fabric check: each suite file of this folder registers with it. */
export const check: LayerChecks<FabricServices>["check"] = fabricChecks.check;

/** The fabric layer's own checks, for its module. */
export const checks = fabricChecks.checks;
