import { setTimeout as sleep } from "node:timers/promises";
import type { StrataClients } from "@strata/sdk/client";
import { encodeApplicationFrame, network } from "@strata/sdk/network";
import { StreamReader } from "@strata/sdk/testing";
import { collectStream } from "../../../helpers/collect-stream.js";
import { uniqueName } from "../../../helpers/unique-name.js";
import type { SwapContext, SwapStep } from "../../../swap/swap-context.js";
import { filledFields, violatedFields, yesNo } from "../../../swap/swap-values.js";
import type { NetworkServices } from "../network-checks.js";

type Swap = SwapContext<NetworkServices>;

/** A network of tenant A with `count` ports and endpoints, all deleted after the proof has read telemetry and topology. */
async function lanFor(s: Swap, stem: string, count: number, qosClassIds: string[] = []) {
  const a = s.tenantA;
  const made = await s.call(`NetworkService.CreateNetwork (${stem})`, a.networks.createNetwork(network.CreateNetworkRequest.fromPartial({
    name: uniqueName(`swap-${stem}`), workload: { applicationId: s.config.applicationId }, labels: { swap: "proof" },
  })));
  const net = made?.network;
  if (!net) return undefined;
  s.track(() => a.networks.deleteNetwork({ networkId: net.networkId }), `DeleteNetwork ${net.networkId}`);
  const endpoints: network.Endpoint[] = [];
  const ports: network.Port[] = [];
  for (let i = 0; i < count; i++) {
    const port = (await s.call(`PortService.CreatePort (${stem})`, a.ports.createPort(network.CreatePortRequest.fromPartial({
      networkId: net.networkId, name: `port-${i}`, workload: { applicationId: s.config.applicationId }, qosClassId: qosClassIds[i] ?? "",
    }))))?.port;
    if (!port) return undefined;
    s.track(() => a.ports.deletePort({ portId: port.portId }), `DeletePort ${port.portId}`);
    ports.push(port);
    const endpoint = (await s.call(`EndpointService.AttachEndpoint (${stem})`, a.endpoints.attachEndpoint({ portId: port.portId, name: `endpoint-${i}`, hostId: `swap-host-${i}`, labels: {} })))?.endpoint;
    if (!endpoint) return undefined;
    s.track(() => a.endpoints.detachEndpoint({ endpointId: endpoint.endpointId }), `DetachEndpoint ${endpoint.endpointId}`);
    endpoints.push(endpoint);
  }
  return { net, ports, endpoints };
}

function receiverOf(s: Swap, clients: StrataClients<NetworkServices>, networkId: string, endpointId: string): StreamReader<network.ReceiveResponse> {
  const reader = new StreamReader(clients.datagrams.receive({ networkId, endpointId }));
  s.track(() => reader.cancel(), `cancel Receive of ${endpointId}`);
  return reader;
}

/**
 * The LAN swap scenario: networks, ports, endpoints, Send and Receive,
 * drops, QoS classes and taps, and their error cases, through
 * `s.call(label, …)`, so that status codes, metrics, records and topology of
 * both vendors line up. Priority queuing (optional) stays out.
 */
export const networkSwapSteps: readonly SwapStep<NetworkServices>[] = [
  async function networks(s) {
    const lan = await lanFor(s, "network", 1);
    if (!lan) return;
    const { net } = lan;
    s.record("CreateNetwork response fills", filledFields(net));
    const again = network.CreateNetworkRequest.fromPartial({ name: net.name, workload: { applicationId: s.config.applicationId }, labels: net.labels });
    const repeat = await s.call("NetworkService.CreateNetwork repeated with the same parameters", s.tenantA.networks.createNetwork(again));
    s.record("CreateNetwork repeated returns the same network_id", yesNo(repeat?.network?.networkId === net.networkId));
    await s.call("NetworkService.CreateNetwork repeated with other labels", s.tenantA.networks.createNetwork({ ...again, labels: { swap: "other" } }));
    if (s.tenantIds.tenantB) {
      await s.call("NetworkService.CreateNetwork as tenant A naming tenant B",
        s.tenantA.networks.createNetwork({ ...again, name: uniqueName("swap-foreign"), workload: { applicationId: s.config.applicationId, tenantId: s.tenantIds.tenantB, component: "" } }));
    }
    s.record("CreateNetwork without name or application: BadRequest fields", await violatedFields(s.tenantA.networks.createNetwork(network.CreateNetworkRequest.fromPartial({}))));
    await s.call("NetworkService.DeleteNetwork of a network with ports", s.tenantA.networks.deleteNetwork({ networkId: net.networkId }));
    await s.call("NetworkService.GetNetwork as tenant B of tenant A's network", s.tenantB.networks.getNetwork({ networkId: net.networkId }));
    await s.call("NetworkService.GetNetwork of an unknown network", s.tenantA.networks.getNetwork({ networkId: uniqueName("swap-unknown") }));
    await s.call("NetworkService.DeleteNetwork of a network that never existed", s.tenantA.networks.deleteNetwork({ networkId: uniqueName("swap-never") }));
    await s.call("NetworkService.ListNetworks", s.tenantA.networks.listNetworks(network.ListNetworksRequest.fromPartial({ applicationId: s.config.applicationId })));
    s.record("ListNetworks with page_size -1: BadRequest fields",
      await violatedFields(s.tenantA.networks.listNetworks(network.ListNetworksRequest.fromPartial({ page: { pageSize: -1 } }))));
    const port = (await s.call("PortService.GetPort", s.tenantA.ports.getPort({ portId: lan.ports[0]!.portId })))?.port;
    s.record("GetPort response fills", filledFields(port));
    await s.call("PortService.DeletePort of a port with an endpoint", s.tenantA.ports.deletePort({ portId: lan.ports[0]!.portId }));
    await s.call("PortService.CreatePort as tenant B on tenant A's network", s.tenantB.ports.createPort(network.CreatePortRequest.fromPartial({
      networkId: net.networkId, name: "intruder", workload: { applicationId: s.config.applicationId },
    })));
    s.record("AttachEndpoint response fills", filledFields(lan.endpoints[0]));
    await s.call("EndpointService.AttachEndpoint to a port with an endpoint", s.tenantA.endpoints.attachEndpoint({ portId: lan.ports[0]!.portId, name: "second", hostId: "", labels: {} }));
    await s.call("EndpointService.ListEndpoints by network", s.tenantA.endpoints.listEndpoints(network.ListEndpointsRequest.fromPartial({ networkId: net.networkId })));
  },

  async function datagrams(s) {
    const lan = await lanFor(s, "datagrams", 3);
    if (!lan) return;
    const { net, endpoints: [from, to, idle] } = lan;
    const receiver = receiverOf(s, s.tenantA, net.networkId, to!.endpointId);
    const payload = Buffer.from(Array.from({ length: 1500 }, (_, i) => (i * 7 + 1) & 0xff));
    const sent = await s.call("DatagramService.Send", s.tenantA.datagrams.send({ networkId: net.networkId, sourceEndpointId: from!.endpointId, destinationAddress: to!.address, payload }));
    s.record("Send response fills", filledFields(sent));
    const arrived = await receiver.waitFor(() => receiver.messages.length > 0, 2000);
    const datagram = receiver.messages[0]?.datagrams[0];
    s.record("Receive delivers the datagram intact", yesNo(arrived && datagram?.payload.equals(payload) === true));
    s.record("Datagram fills", filledFields(datagram && { ...datagram, traceparent: undefined }));
    await s.call("DatagramService.Send to an address the network does not have",
      s.tenantA.datagrams.send({ networkId: net.networkId, sourceEndpointId: from!.endpointId, destinationAddress: "conformance-no-such-address", payload }));
    await s.call("DatagramService.Send above max_io_bytes",
      s.tenantA.datagrams.send({ networkId: net.networkId, sourceEndpointId: from!.endpointId, destinationAddress: to!.address, payload: Buffer.alloc(Number(s.limits.maxIoBytes) + 1) }));
    await s.call("DatagramService.Send as tenant B on tenant A's network",
      s.tenantB.datagrams.send({ networkId: net.networkId, sourceEndpointId: from!.endpointId, destinationAddress: to!.address, payload }));
    await s.call("DatagramService.Receive while another is open",
      collectStream(s.tenantA.datagrams.receive({ networkId: net.networkId, endpointId: to!.endpointId }), { until: () => true, timeoutMs: 1000 }));
    // Fill the idle endpoint's queue, then one more: dropped, and said so.
    const port = (await s.call("PortService.GetPort of the idle endpoint's port", s.tenantA.ports.getPort({ portId: idle!.portId })))?.port;
    const capacity = port?.queueCapacityDatagrams ?? 0;
    let accepted = 0;
    for (let i = 0; i < capacity; i++) {
      await s.tenantA.datagrams.send({ networkId: net.networkId, sourceEndpointId: from!.endpointId, destinationAddress: idle!.address, payload: Buffer.from([i & 0xff]) })
        .then(() => { accepted++; }, () => undefined);
    }
    s.record("Send up to queue_capacity_datagrams to an endpoint nobody reads: all delivered", yesNo(accepted === capacity));
    await s.call("DatagramService.Send to a full receive queue",
      s.tenantA.datagrams.send({ networkId: net.networkId, sourceEndpointId: from!.endpointId, destinationAddress: idle!.address, payload }));
  },

  async function qosClasses(s) {
    const set = await s.call("QosService.SetQosClass", s.tenantA.qosClasses.setQosClass({
      qosClass: network.QosClass.fromPartial({ name: uniqueName("swap-class"), workload: { applicationId: s.config.applicationId }, maxBandwidthBytesPerSecond: 1n << 30n }),
    }));
    const stored = set?.qosClass;
    if (!stored) return;
    s.track(() => s.tenantA.qosClasses.deleteQosClass({ qosClassId: stored.qosClassId }), `DeleteQosClass ${stored.qosClassId}`);
    s.record("SetQosClass response fills", filledFields(stored));
    const replaced = await s.call("QosService.SetQosClass replacing the class", s.tenantA.qosClasses.setQosClass({ qosClass: { ...stored, maxBandwidthBytesPerSecond: 1n << 29n } }));
    s.record("SetQosClass replacing keeps qos_class_id", yesNo(replaced?.qosClass?.qosClassId === stored.qosClassId));
    await s.call("QosService.GetQosClass", s.tenantA.qosClasses.getQosClass({ qosClassId: stored.qosClassId }));
    await s.call("QosService.GetQosClass as tenant B of tenant A's class", s.tenantB.qosClasses.getQosClass({ qosClassId: stored.qosClassId }));
    await s.call("QosService.ListQosClasses", s.tenantA.qosClasses.listQosClasses(network.ListQosClassesRequest.fromPartial({})));
    s.record("SetQosClass without a class: BadRequest fields", await violatedFields(s.tenantA.qosClasses.setQosClass({ qosClass: undefined })));
    const lan = await lanFor(s, "classed", 1, [stored.qosClassId]);
    if (lan) await s.call("QosService.DeleteQosClass of a class a port names", s.tenantA.qosClasses.deleteQosClass({ qosClassId: stored.qosClassId }));
  },

  async function taps(s) {
    const lan = await lanFor(s, "tapped", 2);
    if (!lan) return;
    const { net, endpoints: [client, service] } = lan;
    const created = await s.call("TapService.CreateTap", s.tenantA.taps.createTap(network.CreateTapRequest.fromPartial({
      name: uniqueName("swap-tap"), workload: { applicationId: s.config.applicationId }, selector: { networkIds: [net.networkId] },
    })));
    const tap = created?.tap;
    if (!tap) return;
    s.track(() => s.tenantA.taps.deleteTap({ tapId: tap.tapId }), `DeleteTap ${tap.tapId}`);
    s.record("CreateTap response fills", filledFields(tap));
    if (s.tenantIds.tenantB) {
      await s.call("TapService.CreateTap as tenant A naming tenant B", s.tenantA.taps.createTap(network.CreateTapRequest.fromPartial({
        name: uniqueName("swap-foreign-tap"), workload: { applicationId: s.config.applicationId }, selector: { tenantIds: [s.tenantIds.tenantB] },
      })));
    }
    await s.call("TapService.CreateTap as tenant B selecting tenant A's network", s.tenantB.taps.createTap(network.CreateTapRequest.fromPartial({
      name: uniqueName("swap-tap"), workload: { applicationId: s.config.applicationId }, selector: { networkIds: [net.networkId] },
    })));
    await s.call("TapService.GetTap as tenant B of tenant A's tap", s.tenantB.taps.getTap({ tapId: tap.tapId }));
    const reader = new StreamReader(s.tenantA.taps.streamTap({ tapId: tap.tapId }));
    s.track(() => reader.cancel(), `cancel StreamTap ${tap.tapId}`);
    await sleep(100);
    const receiver = receiverOf(s, s.tenantA, net.networkId, service!.endpointId);
    const request = encodeApplicationFrame({ kind: network.FrameKind.FRAME_KIND_REQUEST, requestId: 42n, operation: "swap/check", status: 0 });
    const response = encodeApplicationFrame({ kind: network.FrameKind.FRAME_KIND_RESPONSE, requestId: 42n, operation: "swap/check", status: 0 });
    await s.call("DatagramService.Send of a framed request", s.tenantA.datagrams.send({ networkId: net.networkId, sourceEndpointId: client!.endpointId, destinationAddress: service!.address, payload: request }));
    await receiver.waitFor(() => receiver.messages.length > 0, 2000);
    await s.call("DatagramService.Send of its framed response", s.tenantA.datagrams.send({ networkId: net.networkId, sourceEndpointId: service!.endpointId, destinationAddress: client!.address, payload: response }));
    await reader.waitFor(() => reader.messages.flatMap((m) => m.records).length >= 2, 2000);
    const records = reader.messages.flatMap((m) => m.records);
    s.record("StreamTap records", String(records.length));
    s.record("TapRecord of the request fills", filledFields(records[0] && { ...records[0], traceId: undefined, spanId: undefined }));
    s.record("TapRecord of the response carries the transaction", filledFields(records[1]?.transaction && { ...records[1].transaction, requestTraceId: undefined }));
    await s.call("TapService.DeleteTap", s.tenantA.taps.deleteTap({ tapId: tap.tapId }));
    s.record("StreamTap ends when its tap is deleted", yesNo(await reader.waitForEnd(2000) && reader.error === undefined));
  },

  async function samplesClosed(s) {
    // The traffic above shows in samples once its sample interval closes: wait one, within the step's deadline.
    const intervalMs = Number(s.limits.sampleIntervalNs / 1_000_000n);
    await sleep(Math.min(intervalMs, Math.max(0, s.config.timeoutMs - 1000)));
  },
];
