import type { GaugeProvider, GaugeValue } from "../../telemetry/index.js";
import { TRANSACT_OPERATION } from "./device-catalogue.js";
import type { FailureCount } from "./device-catalog.js";
import type { DeviceKit } from "./device-kit.js";

const ERROR_RATE = "strata.device.transaction.error_rate";

/**
 * strata.device.transaction.error_rate, polled once per interval: the
 * failed transactions of each series per second, for the owning application
 * of every enrolled device (0 when none failed, which also keeps the owner's
 * other rows coming while the device is idle), and for every other
 * application whose transactions on a device failed in the interval.
 */
export function deviceGauges(kit: DeviceKit): GaugeProvider {
  let last = kit.telemetry.now();
  return () => {
    const now = kit.telemetry.now();
    const seconds = Number(now - last) / 1e9;
    last = now;
    const rate = (count: number) => (seconds > 0 ? count / seconds : 0);
    const attributes = { operation: TRANSACT_OPERATION };
    const owners = new Map<string, number>();
    const others: FailureCount[] = [];
    for (const f of kit.catalog.takeFailures()) {
      const owner = kit.catalog.devices.get(f.deviceId)?.workload;
      if (owner?.tenantId === f.tenantId && owner.applicationId === f.applicationId) owners.set(f.deviceId, f.count);
      else if (owner) others.push(f);
    }
    const values: GaugeValue[] = [...kit.catalog.devices.values()].map((device) => {
      const { tenantId, applicationId } = device.workload!;
      return { metric: ERROR_RATE, tenantId, applicationId, resourceId: device.deviceId, attributes, value: rate(owners.get(device.deviceId) ?? 0) };
    });
    for (const f of others) {
      // Another application's transactions on the device: its series, which does not make it the device's owner.
      values.push({ metric: ERROR_RATE, tenantId: f.tenantId, applicationId: f.applicationId, resourceId: f.deviceId, attributes, value: rate(f.count), dataPath: false });
    }
    return values;
  };
}
