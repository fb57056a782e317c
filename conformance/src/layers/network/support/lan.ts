import { uniqueName } from "../../../helpers/unique-name.js";
import { rpc } from "@strata/sdk/contracts";
import { network } from "@strata/sdk/network";
import type { NetworkClients, NetworkContext } from "../network-checks.js";


export interface OwnerOptions {
  /** Who creates (and later deletes) it; tenant A by default. */
  as?: NetworkClients;
  /** workload.application_id; the config's applicationId by default. */
  applicationId?: string;
}

/** Creates a network (expecting OK) and tracks its deletion, which runs after that of its ports. */
export async function createNetwork(t: NetworkContext, stem: string, options: OwnerOptions & { name?: string; labels?: Record<string, string> } = {}): Promise<network.Network> {
  const as = options.as ?? t.tenantA;
  const name = options.name ?? uniqueName(stem);
  const request = network.CreateNetworkRequest.fromPartial({
    name, workload: { applicationId: options.applicationId ?? t.config.applicationId, component: "conformance" }, labels: options.labels ?? {},
  });
  const { network: made } = await t.expectCode(trackNetwork(t, as.networks.createNetwork(request), as), rpc.Code.OK, `CreateNetwork "${name}"`);
  return made ?? t.fail(`CreateNetwork "${name}" answered OK without a network; the response must carry it`);
}

/** Tracks the deletion of whatever network a create call returns (a wrongly accepted create leaves nothing). */
export function trackNetwork<T extends { network?: network.Network }>(t: NetworkContext, call: Promise<T>, as: NetworkClients = t.tenantA): Promise<T> {
  call.then(({ network: made }) => {
    if (made) t.track(() => as.networks.deleteNetwork({ networkId: made.networkId }), `DeleteNetwork ${made.networkId}`);
  }, () => undefined);
  return call;
}

/** Creates a port (expecting OK) and tracks its deletion. */
export async function createPort(t: NetworkContext, networkId: string, name: string, options: OwnerOptions & { qosClassId?: string } = {}): Promise<network.Port> {
  const as = options.as ?? t.tenantA;
  const request = network.CreatePortRequest.fromPartial({
    networkId, name, workload: { applicationId: options.applicationId ?? t.config.applicationId }, qosClassId: options.qosClassId ?? "",
  });
  const call = as.ports.createPort(request);
  call.then(({ port }) => { if (port) t.track(() => as.ports.deletePort({ portId: port.portId }), `DeletePort ${port.portId}`); }, () => undefined);
  const { port } = await t.expectCode(call, rpc.Code.OK, `CreatePort "${name}" on network ${networkId}`);
  return port ?? t.fail(`CreatePort "${name}" answered OK without a port; the response must carry it`);
}

/** Attaches an endpoint (expecting OK) and tracks its detach. */
export async function attachEndpoint(t: NetworkContext, portId: string, name: string, options: { as?: NetworkClients; hostId?: string } = {}): Promise<network.Endpoint> {
  const as = options.as ?? t.tenantA;
  const call = as.endpoints.attachEndpoint({ portId, name, hostId: options.hostId ?? "", labels: {} });
  call.then(({ endpoint }) => {
    if (endpoint) t.track(() => as.endpoints.detachEndpoint({ endpointId: endpoint.endpointId }), `DetachEndpoint ${endpoint.endpointId}`);
  }, () => undefined);
  const { endpoint } = await t.expectCode(call, rpc.Code.OK, `AttachEndpoint "${name}" to port ${portId}`);
  return endpoint ?? t.fail(`AttachEndpoint "${name}" answered OK without an endpoint; the response must carry it`);
}

/** Sets a QoS class (expecting OK) and tracks its deletion: set it before the ports that name it. */
export async function setQosClass(t: NetworkContext, stem: string, fields: Partial<network.QosClass>, options: OwnerOptions = {}): Promise<network.QosClass> {
  const as = options.as ?? t.tenantA;
  const qosClass = network.QosClass.fromPartial({ name: uniqueName(stem), ...fields, workload: { applicationId: options.applicationId ?? t.config.applicationId } });
  const { qosClass: stored } = await t.expectCode(as.qosClasses.setQosClass({ qosClass }), rpc.Code.OK, `SetQosClass "${qosClass.name}"`);
  if (!stored) return t.fail(`SetQosClass "${qosClass.name}" answered OK without the class; the response must carry it as stored`);
  t.track(() => as.qosClasses.deleteQosClass({ qosClassId: stored.qosClassId }), `DeleteQosClass ${stored.qosClassId}`);
  return stored;
}

/** A network with one port and one endpoint per entry (index i: port "port-i", endpoint "endpoint-i"). */
export interface Lan {
  network: network.Network;
  ports: network.Port[];
  endpoints: network.Endpoint[];
}

export interface LanOptions extends OwnerOptions {
  /** How many ports with an endpoint each (2 by default). */
  endpoints?: number;
  /** The QoS class of each port, by index. */
  qosClassIds?: readonly string[];
  /** The host of each endpoint, by index. */
  hostIds?: readonly string[];
}

/** Makes a network with ports and endpoints as tenant A (or `as`), all tracked for deletion. */
export async function makeLan(t: NetworkContext, stem: string, options: LanOptions = {}): Promise<Lan> {
  const made = await createNetwork(t, stem, options);
  const ports: network.Port[] = [];
  const endpoints: network.Endpoint[] = [];
  for (let i = 0; i < (options.endpoints ?? 2); i++) {
    const port = await createPort(t, made.networkId, `port-${i}`, { ...options, qosClassId: options.qosClassIds?.[i] ?? "" });
    ports.push(port);
    endpoints.push(await attachEndpoint(t, port.portId, `endpoint-${i}`, { as: options.as, hostId: options.hostIds?.[i] ?? "" }));
  }
  return { network: made, ports, endpoints };
}
