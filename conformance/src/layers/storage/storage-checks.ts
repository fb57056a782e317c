import type { StrataClients } from "@strata/sdk/client";
import type { STORAGE_SERVICES } from "@strata/sdk/storage";
import { createLayerChecks, type LayerChecks } from "../../registry/check-registry.js";
import type { LayerCheckContext } from "../../runner/check-context.js";

/** The storage layer's client services, by client name (volumes, block, mappings, qos, placement). */
export type StorageServices = typeof STORAGE_SERVICES;

/** `t` of a storage check: clients with the storage services, the module under test. */
export type StorageContext = LayerCheckContext<StorageServices>;

/** Clients of the common and the storage services. */
export type StorageClients = StrataClients<StorageServices>;

const storageChecks: LayerChecks<StorageServices> = createLayerChecks<StorageServices>("storage");

/** Registers a storage check: each suite file of this folder registers with it. */
export const check: LayerChecks<StorageServices>["check"] = storageChecks.check;

/** The storage layer's own checks, for its module. */
export const checks = storageChecks.checks;
