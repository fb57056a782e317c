import type { DeviceBackend } from "@strata/sdk/device";
import { FleetLoad, type FleetLoadOptions } from "./fleet-load.js";
import { VirtualUser } from "../shared/virtual-user.js";

export interface FleetOptions {
  /** The fleet's own load; none by default. */
  load?: FleetLoadOptions;
}

/**
 * The fleet device backend: every device is a virtual user who issues one
 * transaction at a time (the others wait their turn, which their user sees)
 * over the endpoint's route, in this process; the fleet's own load issues
 * transactions from its devices at the configured rate and mix.
 */
export function createFleetBackend(options: FleetOptions = {}): DeviceBackend {
  const users = new Map<string, VirtualUser>();
  let load: FleetLoad | undefined;
  return {
    async enroll(device) {
      users.set(device.deviceId, new VirtualUser());
    },
    async unenroll(device) {
      users.delete(device.deviceId);
    },
    transact(transaction) {
      const user = users.get(transaction.device.deviceId) ?? new VirtualUser();
      return user.run(() => transaction.exchange(transaction.payload), transaction.signal);
    },
    start(issuer) {
      if (!options.load) return;
      load = new FleetLoad(options.load, issuer);
      load.start();
    },
    async close() {
      load?.stop();
    },
  };
}
