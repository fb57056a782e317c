import type { GaugeProvider, GaugeValue } from "../../telemetry/index.js";
import { PortRole, TrafficClass, trafficClassToJSON } from "./contracts.js";
import type { FabricKit } from "./fabric-kit.js";
import type { PortTally } from "./port-counters.js";

const BEST_EFFORT = trafficClassToJSON(TrafficClass.TRAFFIC_CLASS_BEST_EFFORT);
const LOSSLESS = trafficClassToJSON(TrafficClass.TRAFFIC_CLASS_LOSSLESS);
const ZERO: PortTally = { linkBytes: 0, deliveredFrames: 0, deliveredBytes: 0, bestEffortDrops: 0, losslessDrops: 0 };

/**
 * The kit's gauges, polled once per interval: every port's utilization
 * against its line rate, and every target's delivered frames and bytes and
 * its drops per traffic class. Rates are what the tallies grew since the
 * last poll, over the time since then, so that a value times its interval
 * gives back the count. An initiator's gauges make it an owner, so that its
 * per-initiator rows arrive every interval, idle or not; a target is no
 * data-path resource of its own.
 */
export function createFabricGauges(kit: FabricKit): GaugeProvider {
  let lastPollNs = kit.telemetry.now();
  const last = new Map<string, PortTally>();
  return () => {
    const now = kit.telemetry.now();
    const seconds = Number(now - lastPollNs) / 1e9;
    lastPollNs = now;
    const rate = (delta: number) => (seconds > 0 ? delta / seconds : 0);
    const values: GaugeValue[] = [];
    for (const port of kit.catalog.ports.values()) {
      const tally = { ...kit.counters.of(port.portId) };
      const before = last.get(port.portId) ?? ZERO;
      last.set(port.portId, tally);
      const target = port.role === PortRole.PORT_ROLE_TARGET;
      const on = { tenantId: port.workload!.tenantId, applicationId: port.workload!.applicationId, resourceId: port.portId, dataPath: !target };
      const capacity = Number(port.speedBytesPerSecond) * seconds;
      values.push({ ...on, metric: "strata.fabric.port.utilization", value: capacity > 0 ? Math.min(100, ((tally.linkBytes - before.linkBytes) / capacity) * 100) : 0 });
      if (!target) continue;
      values.push(
        { ...on, metric: "strata.fabric.target.frames_rate", value: rate(tally.deliveredFrames - before.deliveredFrames) },
        { ...on, metric: "strata.fabric.target.bytes_rate", value: rate(tally.deliveredBytes - before.deliveredBytes) },
        { ...on, metric: "strata.fabric.target.drops_rate", attributes: { traffic_class: BEST_EFFORT }, value: rate(tally.bestEffortDrops - before.bestEffortDrops) },
        { ...on, metric: "strata.fabric.target.drops_rate", attributes: { traffic_class: LOSSLESS }, value: rate(tally.losslessDrops - before.losslessDrops) },
      );
    }
    for (const id of last.keys()) if (!kit.catalog.ports.has(id)) last.delete(id);
    return values;
  };
}
