import { createDeviceServer, type DeviceServer, type DeviceServerOptions } from "@strata/sdk/device";
import { createFleetBackend, type FleetOptions } from "./fleet-backend.js";

export type FleetServerOptions = Omit<DeviceServerOptions, "info" | "backend"> & FleetOptions;

/** The fleet reference vendor as a ready device endpoint: transactions to the built-in echo application unless given a route. */
export function createFleetServer(options: FleetServerOptions): DeviceServer {
  return createDeviceServer({
    ...options,
    info: { vendor: "Strata reference", product: "strata-device-fleet", version: "0.1.0" },
    backend: createFleetBackend(options),
  });
}
