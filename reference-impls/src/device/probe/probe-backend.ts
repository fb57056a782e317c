import { device, type DeviceBackend } from "@strata/sdk/device";
import { StrataError } from "@strata/sdk/server";
import { JourneyMonitor, type MonitorOptions } from "./journey-monitor.js";

export interface ProbeOptions {
  /** Journeys the probes run on their own schedule; none by default. */
  monitor?: MonitorOptions;
}

/**
 * The probe device backend: every device is a scripted synthetic-monitoring
 * probe. A probe runs each transaction as soon as it is issued (one
 * connection each, several at once), and asserts what it got back, as a
 * monitor asserts a page's content: on the echo route an answer that is not
 * the payload it sent fails the transaction UNAVAILABLE. The monitor runs
 * the configured journeys from the probes on a schedule.
 */
export function createProbeBackend(options: ProbeOptions = {}): DeviceBackend {
  let monitor: JourneyMonitor | undefined;
  return {
    async transact(transaction) {
      const answer = await transaction.exchange(transaction.payload);
      if (transaction.device.route === device.TransactionRoute.TRANSACTION_ROUTE_ECHO && !answer.equals(transaction.payload)) {
        throw StrataError.unavailable(`the echo application answered ${answer.length} bytes that are not the ${transaction.payload.length} the probe sent`);
      }
      return answer;
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
