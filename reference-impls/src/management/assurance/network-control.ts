import { connect, type ClientAuth } from "@strata/sdk/client";
import { core } from "@strata/sdk/contracts";
import { network, NETWORK_SERVICES } from "@strata/sdk/network";
import { sendControl, squeezeOf, type ControlCall, type LayerControl, type Squeeze } from "./layer-control.js";

const SET = "strata.network.v1.QosService/SetQosClass";

/** Every QoS class the caller sees, page by page. */
async function allClasses(client: ReturnType<typeof connect<typeof NETWORK_SERVICES>>): Promise<network.QosClass[]> {
  const classes: network.QosClass[] = [];
  let pageToken = "";
  do {
    const { qosClasses, page } = await client.qosClasses.listQosClasses({ page: { pageSize: 100, pageToken } });
    classes.push(...qosClasses);
    pageToken = page?.nextPageToken ?? "";
  } while (pageToken !== "");
  return classes;
}

/**
 * LAN QoS classes as an assurance control: each class of a competing tenant
 * is replaced with max_bandwidth_bytes_per_second at a fraction of the
 * tenant's current rate (ports follow a replaced class at once). A tenant
 * whose ports name no class cannot be shaped through the standard; nothing is
 * sent for it. A limit is stepped down the same way, never under the floor.
 * Undo sets each class back as it was.
 */
export function createNetworkControl(endpoint: string, auth: ClientAuth, squeeze?: Squeeze): LayerControl {
  const s = squeezeOf(squeeze);
  const client = connect(endpoint, { services: NETWORK_SERVICES, auth });
  const set = async (qosClass: network.QosClass) => {
    const request = network.SetQosClassRequest.fromPartial({ qosClass: { ...qosClass, qosClassId: "" } });
    return (await sendControl(SET, request, network.SetQosClassRequest.toJSON, (r) => client.qosClasses.setQosClass(r))).call;
  };
  return {
    layer: core.Layer.LAYER_NETWORK,
    endpoint,
    async limit(tenantId, load) {
      const classes = (await allClasses(client).catch(() => [])).filter((c) => c.workload?.tenantId === tenantId);
      const wanted = BigInt(Math.max(s.minBandwidthBytesPerSecond, Math.round(load.bytesPerSecond * s.fraction)));
      const calls: ControlCall[] = [];
      for (const prior of classes) {
        const limit = prior.maxBandwidthBytesPerSecond > 0n && prior.maxBandwidthBytesPerSecond < wanted ? prior.maxBandwidthBytesPerSecond : wanted;
        const call = await set({ ...prior, maxBandwidthBytesPerSecond: limit });
        calls.push(call.statusCode === 0 ? { ...call, undo: async () => [await set(prior)], limit: { bytesPerSecond: Number(limit) } } : call);
      }
      return calls;
    },
    async tighten(tenantId, limit) {
      if (limit.bytesPerSecond === undefined) return [];
      const wanted = BigInt(Math.max(s.minBandwidthBytesPerSecond, Math.round(limit.bytesPerSecond)));
      const classes = (await allClasses(client).catch(() => [])).filter((c) => c.workload?.tenantId === tenantId && !(c.maxBandwidthBytesPerSecond > 0n && c.maxBandwidthBytesPerSecond <= wanted));
      const calls: ControlCall[] = [];
      for (const prior of classes) {
        const call = await set({ ...prior, maxBandwidthBytesPerSecond: wanted });
        calls.push(call.statusCode === 0 ? { ...call, limit: { bytesPerSecond: Number(wanted) } } : call);
      }
      return calls;
    },
    close: () => client.close(),
  };
}
