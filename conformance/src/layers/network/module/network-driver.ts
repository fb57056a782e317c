import { rpc } from "@strata/sdk/contracts";
import { network } from "@strata/sdk/network";
import { StreamReader } from "@strata/sdk/testing";
import type { DrivenResource, TrafficDriver } from "../../../registry/traffic-driver.js";
import type { NetworkClients, NetworkContext, NetworkServices } from "../network-checks.js";
import { attachEndpoint, createPort, setQosClass, trackNetwork } from "../support/lan.js";
import { uniqueName } from "../../../helpers/unique-name.js";
import { sendDatagram } from "../support/send.js";

/** Every Send carries this much: small enough to be cheap, big enough to be counted. */
const CALL_BYTES = 256;
/** A QoS bandwidth that makes every driven Send wait about 20 ms on the server: latency a vendor must report. */
const SLOW_BANDWIDTH = BigInt(CALL_BYTES * 50);
/** The labels of every network the driver makes, so that a conflicting create can change them. */
const LABELS = { conformance: "driver" };
/** An address no network of the suite's gives an endpoint. */
export const ABSENT_ADDRESS = "conformance-no-such-address";

/** What the driver made for one network: a sending and a receiving endpoint, each on its port, the sender's port in its own QoS class. */
export interface DrivenLan {
  network: network.Network;
  source: network.Endpoint;
  destination: network.Endpoint;
  qosClass: network.QosClass;
}

/** Receive streams the driver keeps open on its destinations (so that they never fill), by endpoint id. */
const sinks = new Map<string, StreamReader<network.ReceiveResponse>>();

/** A network as the common checks see it. */
export function drivenNetwork(lan: DrivenLan): DrivenResource<DrivenLan> {
  const { network: made, source, destination } = lan;
  return {
    id: made.networkId,
    name: made.name,
    tenantId: made.workload?.tenantId ?? "",
    applicationId: made.workload?.applicationId ?? "",
    node: { kind: "network.network", displayName: made.name },
    recordAttributes: { source_port_id: source.portId, destination_port_id: destination.portId },
    value: lan,
  };
}

function networkRequest(name: string, applicationId: string, labels: Record<string, string> = LABELS): network.CreateNetworkRequest {
  return network.CreateNetworkRequest.fromPartial({ name, workload: { applicationId, component: "conformance" }, labels });
}

/** Keeps a Receive stream open on the destination while the check runs, so that its queue never fills. */
function sinkOn(t: NetworkContext, as: NetworkClients, lan: DrivenLan): void {
  const { endpointId } = lan.destination;
  if (sinks.has(endpointId)) return;
  const reader = new StreamReader(as.datagrams.receive({ networkId: lan.network.networkId, endpointId }));
  sinks.set(endpointId, reader);
  t.track(() => { sinks.delete(endpointId); reader.cancel(); }, `cancel the Receive stream of ${endpointId}`);
}

/** Every item of a List, walked to its end. */
async function listAll<T>(page: (pageToken: string) => Promise<{ items: T[]; next: string }>): Promise<T[]> {
  const items: T[] = [];
  let token = "";
  do {
    const answer = await page(token);
    items.push(...answer.items);
    token = answer.next;
  } while (token !== "");
  return items;
}

/**
 * LAN traffic: a network with two endpoints (the sender's port in a QoS class
 * of its own), a Receive stream draining the receiver, and Sends of 256
 * bytes between them; a Send to an address the network does not have when a
 * call must fail.
 */
export const networkDriver: TrafficDriver<NetworkServices, DrivenLan> = {
  resourceKind: "network",
  operations: ["send"],
  rpcs: { create: "NetworkService.CreateNetwork", delete: "NetworkService.DeleteNetwork" },

  async create(t, options = {}) {
    const as = options.as ?? t.tenantA;
    const applicationId = options.applicationId ?? t.config.applicationId;
    const name = options.name ?? uniqueName(options.stem ?? "resource");
    const owner = { as, applicationId };
    const qosClass = await setQosClass(t, "", { name: `${name}-sender` }, owner);
    const { network: made } = await t.expectCode(trackNetwork(t, as.networks.createNetwork(networkRequest(name, applicationId)), as),
      rpc.Code.OK, `CreateNetwork "${name}"`);
    if (!made) return t.fail(`CreateNetwork "${name}" answered OK without a network; the response must carry it`);
    const sourcePort = await createPort(t, made.networkId, "sender", { ...owner, qosClassId: qosClass.qosClassId });
    const destinationPort = await createPort(t, made.networkId, "receiver", owner);
    const lan: DrivenLan = {
      network: made, qosClass,
      source: await attachEndpoint(t, sourcePort.portId, "sender", { as }),
      destination: await attachEndpoint(t, destinationPort.portId, "receiver", { as }),
    };
    sinkOn(t, as, lan);
    return drivenNetwork(lan);
  },

  async delete(clients, id) {
    const endpoints = await listAll(async (pageToken) => {
      const answer = await clients.endpoints.listEndpoints({ networkId: id, page: { pageSize: 0, pageToken } });
      return { items: answer.endpoints, next: answer.page?.nextPageToken ?? "" };
    });
    for (const endpoint of endpoints) await clients.endpoints.detachEndpoint({ endpointId: endpoint.endpointId });
    const ports = await listAll(async (pageToken) => {
      const answer = await clients.ports.listPorts({ networkId: id, page: { pageSize: 0, pageToken } });
      return { items: answer.ports, next: answer.page?.nextPageToken ?? "" };
    });
    for (const port of ports) await clients.ports.deletePort({ portId: port.portId });
    return clients.networks.deleteNetwork({ networkId: id });
  },

  conflictingCreates(t, resource) {
    const { name, applicationId } = resource;
    const variants: Array<[string, network.CreateNetworkRequest]> = [
      ["workload.application_id", networkRequest(name, `${applicationId}-other`)],
      ["labels", networkRequest(name, applicationId, { conformance: "other" })],
      ["labels (one more)", networkRequest(name, applicationId, { ...LABELS, extra: "x" })],
    ];
    return variants.map(([differing, request]) => ({ differing, call: () => trackNetwork(t, t.tenantA.networks.createNetwork(request)) }));
  },

  call(t, resource, options) {
    const { network: made, source, destination } = resource.value;
    return sendDatagram(t, {
      as: options.as, networkId: made.networkId, sourceEndpointId: source.endpointId,
      destinationAddress: options.fail ? ABSENT_ADDRESS : destination.address,
      payload: Buffer.alloc(CALL_BYTES, options.index & 0xff), applicationId: options.applicationId, untraced: options.untraced, traceparent: options.traceparent,
      label: options.label, code: options.fail ? rpc.Code.NOT_FOUND : options.code ?? rpc.Code.OK,
    });
  },

  async slowDown(t, resource) {
    const { qosClass } = resource.value;
    const slowed = network.QosClass.fromPartial({ ...qosClass, maxBandwidthBytesPerSecond: SLOW_BANDWIDTH });
    await t.expectCode(t.tenantA.qosClasses.setQosClass({ qosClass: slowed }), rpc.Code.OK, `SetQosClass "${qosClass.name}" at ${SLOW_BANDWIDTH} bytes/s`);
    return `the sender's QoS class at ${SLOW_BANDWIDTH} bytes/s (about 20 ms per ${CALL_BYTES}-byte Send)`;
  },

  async snapshot(t, resource) {
    const { network: got } = await t.expectCode(t.tenantA.networks.getNetwork({ networkId: resource.id }), rpc.Code.OK, `GetNetwork ${resource.id} by tenant A`);
    const { ports } = await t.expectCode(t.tenantA.ports.listPorts(network.ListPortsRequest.fromPartial({ networkId: resource.id })), rpc.Code.OK, "ListPorts by tenant A");
    const { endpoints } = await t.expectCode(t.tenantA.endpoints.listEndpoints(network.ListEndpointsRequest.fromPartial({ networkId: resource.id })),
      rpc.Code.OK, "ListEndpoints by tenant A");
    return {
      labels: got?.labels, applicationId: got?.workload?.applicationId,
      ports: ports.map((p) => `${p.portId}:${p.endpointId}`).sort(), endpoints: endpoints.map((e) => `${e.endpointId}:${e.address}`).sort(),
    };
  },
};
