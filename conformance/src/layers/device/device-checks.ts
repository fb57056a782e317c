import type { StrataClients } from "@strata/sdk/client";
import type { DEVICE_SERVICES } from "@strata/sdk/device";
import { createLayerChecks, type LayerChecks } from "../../registry/check-registry.js";
import type { LayerCheckContext } from "../../runner/check-context.js";

/** The device layer's client services, by client name (devices, transactions, experience). */
export type DeviceServices = typeof DEVICE_SERVICES;

/** `t` of a device check: clients with the device services, the module under test. */
export type DeviceContext = LayerCheckContext<DeviceServices>;

/** Clients of the common and the device services. */
export type DeviceClients = StrataClients<DeviceServices>;

const deviceChecks: LayerChecks<DeviceServices> = createLayerChecks<DeviceServices>("device");

/** Registers a device check: each suite file of this folder registers with it. */
export const check: LayerChecks<DeviceServices>["check"] = deviceChecks.check;

/** The device layer's own checks, for its module. */
export const checks = deviceChecks.checks;
