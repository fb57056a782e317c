import { device, type DeviceBackend } from "@strata/sdk/device";
import { StrataError } from "@strata/sdk/server";
import { VirtualUser } from "../shared/virtual-user.js";
import { JourneyMonitor, type MonitorOptions } from "./journey-monitor.js";

export interface ProbeOptions {
  /** Journeys the probes run on their own schedule; none by default. */
  monitor?: MonitorOptions;
}

/**
 * The probe device backend: every device is a scripted synthetic-monitoring
 * probe. A probe runs its script one transaction at a time, as the browser
 * of a monitor does (the others wait their turn, which the probe reports as
 * latency), each over a connection of its own, and asserts what it got
 * back, as a monitor asserts a page's content: on the echo route an answer
 * that is not the payload it sent fails the transaction UNAVAILABLE. The
 * monitor runs the configured journeys from the probes on a schedule.
 */
export function createProbeBackend(options: ProbeOptions = {}): DeviceBackend {
  const scripts = new Map<string, VirtualUser>();
  let monitor: JourneyMonitor | undefined;
  return {
    async enroll(enrolled) {
      scripts.set(enrolled.deviceId, new VirtualUser());
    },
    async unenroll(enrolled) {
      scripts.delete(enrolled.deviceId);
    },
    transact(transaction) {
      const script = scripts.get(transaction.device.deviceId) ?? new VirtualUser();
      return script.run(async () => {
        const answer = await transaction.exchange(transaction.payload);
        if (transaction.device.route === device.TransactionRoute.TRANSACTION_ROUTE_ECHO && !answer.equals(transaction.payload)) {
          throw StrataError.unavailable(`the echo application answered ${answer.length} bytes that are not the ${transaction.payload.length} the probe sent`);
        }
        return answer;
      }, transaction.signal);
    },
    start(issuer) {
      if (!options.monitor) return;
      monitor = new JourneyMonitor(options.monitor, issuer);
      monitor.start();
    },
    async close() {
      monitor?.stop();
    },
  };
}
