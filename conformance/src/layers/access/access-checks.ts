import type { StrataClients } from "@strata/sdk/client";
import type { ACCESS_SERVICES } from "@strata/sdk/access";
import { createLayerChecks, type LayerChecks } from "../../registry/check-registry.js";
import type { LayerCheckContext } from "../../runner/check-context.js";

/** The access layer's client services, by client name (entryPoints, sessions, forward, shaping). */
export type AccessServices = typeof ACCESS_SERVICES;

/** `t` of an access check: clients with the access services, the module under test. */
export type AccessContext = LayerCheckContext<AccessServices>;

/** Clients of the common and the access services. */
export type AccessClients = StrataClients<AccessServices>;

const accessChecks: LayerChecks<AccessServices> = createLayerChecks<AccessServices>("access");

/** Registers an access check: each suite file of this folder registers with it. */
export const check: LayerChecks<AccessServices>["check"] = accessChecks.check;

/** The access layer's own checks, for its module. */
export const checks = accessChecks.checks;
