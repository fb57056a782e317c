import type { Endpoint, Network, Port, QosClass, Tap } from "./contracts.js";

/** Resources by id, with their names unique within a scope (a tenant, a network). */
export class NamedResources<T> {
  readonly byId = new Map<string, T>();
  private readonly names = new Map<string, string>();

  constructor(private readonly idOf: (item: T) => string, private readonly scopeOf: (item: T) => string, private readonly nameOf: (item: T) => string) {}

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  named(scope: string, name: string): T | undefined {
    const id = this.names.get(`${scope}\u0000${name}`);
    return id === undefined ? undefined : this.byId.get(id);
  }

  put(item: T): void {
    this.byId.set(this.idOf(item), item);
    this.names.set(`${this.scopeOf(item)}\u0000${this.nameOf(item)}`, this.idOf(item));
  }

  remove(item: T): void {
    this.byId.delete(this.idOf(item));
    this.names.delete(`${this.scopeOf(item)}\u0000${this.nameOf(item)}`);
  }

  values(): IterableIterator<T> {
    return this.byId.values();
  }
}

/**
 * The LAN kit's catalogue: networks and taps and QoS classes named per
 * tenant, ports and endpoints named per network, and endpoints by address.
 * It lives in memory: a restarted endpoint starts with no networks.
 */
export class NetworkCatalog {
  readonly networks = new NamedResources<Network>((n) => n.networkId, (n) => n.workload!.tenantId, (n) => n.name);
  readonly ports = new NamedResources<Port>((p) => p.portId, (p) => p.networkId, (p) => p.name);
  readonly endpoints = new NamedResources<Endpoint>((e) => e.endpointId, (e) => e.networkId, (e) => e.name);
  readonly qosClasses = new NamedResources<QosClass>((c) => c.qosClassId, (c) => c.workload!.tenantId, (c) => c.name);
  readonly taps = new NamedResources<Tap>((t) => t.tapId, (t) => t.workload!.tenantId, (t) => t.name);
  private readonly addresses = new Map<string, Endpoint>();

  /** The endpoint with an address on a network. */
  endpointAt(networkId: string, address: string): Endpoint | undefined {
    return this.addresses.get(`${networkId}\u0000${address}`);
  }

  putEndpoint(endpoint: Endpoint): void {
    this.endpoints.put(endpoint);
    this.addresses.set(`${endpoint.networkId}\u0000${endpoint.address}`, endpoint);
  }

  removeEndpoint(endpoint: Endpoint): void {
    this.endpoints.remove(endpoint);
    this.addresses.delete(`${endpoint.networkId}\u0000${endpoint.address}`);
  }

  portsOf(networkId: string): Port[] {
    return [...this.ports.values()].filter((p) => p.networkId === networkId);
  }
}
