import type { GaugeProvider, GaugeValue } from "../../telemetry/index.js";
import type { NetworkKit } from "./network-kit.js";

interface Counters {
  sentDatagrams: number;
  sentBytes: number;
  deliveredDatagrams: number;
  deliveredBytes: number;
  drops: number;
}

const ZERO: Counters = { sentDatagrams: 0, sentBytes: 0, deliveredDatagrams: 0, deliveredBytes: 0, drops: 0 };

/**
 * The kit's gauges, polled once per interval: per network its drop rate and
 * queue depth, per port its rates per direction, utilization against its
 * line rate, queue depth and drop rate. Rates are what the counters grew
 * since the last poll, over the time since then, so that a value times its
 * interval gives back the count.
 */
export function createNetworkGauges(kit: NetworkKit): GaugeProvider {
  let lastPollNs = kit.telemetry.now();
  const lastPorts = new Map<string, Counters>();
  const lastDrops = new Map<string, number>();
  return () => {
    const now = kit.telemetry.now();
    const seconds = Number(now - lastPollNs) / 1e9;
    lastPollNs = now;
    const rate = (delta: number) => (seconds > 0 ? delta / seconds : 0);
    const values: GaugeValue[] = [];
    const depthOf = new Map<string, number>();
    const seenPorts = new Set<string>();
    for (const port of kit.catalog.ports.values()) {
      const runtime = kit.switchboard.ports.get(port.portId);
      if (!runtime) continue;
      seenPorts.add(port.portId);
      const before = lastPorts.get(port.portId) ?? ZERO;
      const now: Counters = {
        sentDatagrams: runtime.sentDatagrams, sentBytes: runtime.sentBytes, deliveredDatagrams: runtime.deliveredDatagrams,
        deliveredBytes: runtime.deliveredBytes, drops: runtime.drops,
      };
      lastPorts.set(port.portId, now);
      const depth = runtime.queue.length;
      depthOf.set(port.networkId, (depthOf.get(port.networkId) ?? 0) + depth);
      const on = { tenantId: port.workload!.tenantId, applicationId: port.workload!.applicationId, resourceId: port.portId, dataPath: false };
      const busiest = Math.max(now.sentBytes - before.sentBytes, now.deliveredBytes - before.deliveredBytes);
      const capacity = Number(port.speedBytesPerSecond) * seconds;
      values.push(
        { ...on, metric: "strata.network.port.datagrams_rate", attributes: { direction: "sent" }, value: rate(now.sentDatagrams - before.sentDatagrams) },
        { ...on, metric: "strata.network.port.datagrams_rate", attributes: { direction: "delivered" }, value: rate(now.deliveredDatagrams - before.deliveredDatagrams) },
        { ...on, metric: "strata.network.port.bytes_rate", attributes: { direction: "sent" }, value: rate(now.sentBytes - before.sentBytes) },
        { ...on, metric: "strata.network.port.bytes_rate", attributes: { direction: "delivered" }, value: rate(now.deliveredBytes - before.deliveredBytes) },
        { ...on, metric: "strata.network.port.utilization", value: capacity > 0 ? Math.min(100, (busiest / capacity) * 100) : 0 },
        { ...on, metric: "strata.network.port.queue_depth", value: depth },
        { ...on, metric: "strata.network.port.drops_rate", value: rate(now.drops - before.drops) },
      );
    }
    for (const id of lastPorts.keys()) if (!seenPorts.has(id)) lastPorts.delete(id);
    for (const network of kit.catalog.networks.values()) {
      const drops = kit.switchboard.networkDrops.get(network.networkId) ?? 0;
      const before = lastDrops.get(network.networkId) ?? 0;
      lastDrops.set(network.networkId, drops);
      const on = { tenantId: network.workload!.tenantId, applicationId: network.workload!.applicationId, resourceId: network.networkId };
      values.push(
        { ...on, metric: "strata.network.drops_rate", value: rate(drops - before) },
        { ...on, metric: "strata.network.queue_depth", value: depthOf.get(network.networkId) ?? 0 },
      );
    }
    for (const id of lastDrops.keys()) if (!kit.catalog.networks.get(id)) lastDrops.delete(id);
    return values;
  };
}
