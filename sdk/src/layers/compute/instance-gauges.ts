import type { GaugeProvider } from "../../telemetry/index.js";
import type { ComputeKit } from "./compute-kit.js";

/**
 * The instance-wide rows of the catalogue, polled once per interval:
 * strata.compute.cpu.utilization (CPU time of the units the instance
 * completed in the interval over the interval times its vCPUs, at most
 * 100 %) and strata.compute.memory.used, for every instance, owned by its
 * tenant and application.
 */
export function instanceGauges(kit: ComputeKit): GaugeProvider {
  let last = kit.telemetry.now();
  return () => {
    const now = kit.telemetry.now();
    const intervalNs = Number(now - last);
    last = now;
    return [...kit.catalog.instances.values()].flatMap((instance) => {
      const { tenantId, applicationId } = instance.workload!;
      const on = { tenantId, applicationId, resourceId: instance.instanceId };
      const cpuNs = kit.catalog.takeIntervalCpuTime(instance.instanceId);
      const utilization = intervalNs > 0 ? Math.min(100, (cpuNs / (intervalNs * instance.vcpuCount)) * 100) : 0;
      return [
        { metric: "strata.compute.cpu.utilization", ...on, value: utilization },
        { metric: "strata.compute.memory.used", ...on, value: Number(kit.backend.memoryUsedBytes(instance)) },
      ];
    });
  };
}
