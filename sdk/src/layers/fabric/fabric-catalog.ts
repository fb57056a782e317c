import type { Port, Zone } from "./contracts.js";

/** The key of an initiator-target pair. */
export const pairKey = (initiatorPortId: string, targetPortId: string) => `${initiatorPortId}\u0000${targetPortId}`;

/** Every initiator-target pair a zone lists. */
export function pairsOf(zone: Zone): Array<[string, string]> {
  return zone.initiatorPortIds.flatMap((i) => zone.targetPortIds.map((t): [string, string] => [i, t]));
}

/**
 * The fabric kit's catalogue: ports and zones by id and by tenant+name, and
 * how many zones list each pair. It lives in memory: a fabric's links are
 * made again when the endpoint starts.
 */
export class FabricCatalog {
  readonly ports = new Map<string, Port>();
  readonly zones = new Map<string, Zone>();
  private readonly portNames = new Map<string, string>();
  private readonly zoneNames = new Map<string, string>();
  private readonly zonings = new Map<string, number>();

  portByName(tenantId: string, name: string): Port | undefined {
    const id = this.portNames.get(`${tenantId}\u0000${name}`);
    return id === undefined ? undefined : this.ports.get(id);
  }

  zoneByName(tenantId: string, name: string): Zone | undefined {
    const id = this.zoneNames.get(`${tenantId}\u0000${name}`);
    return id === undefined ? undefined : this.zones.get(id);
  }

  putPort(port: Port): void {
    this.ports.set(port.portId, port);
    this.portNames.set(`${port.workload!.tenantId}\u0000${port.name}`, port.portId);
  }

  removePort(port: Port): void {
    this.ports.delete(port.portId);
    this.portNames.delete(`${port.workload!.tenantId}\u0000${port.name}`);
  }

  /** Adds a zone; returns the pairs it zones that no zone listed before. */
  putZone(zone: Zone): Array<[string, string]> {
    this.zones.set(zone.zoneId, zone);
    this.zoneNames.set(`${zone.workload!.tenantId}\u0000${zone.name}`, zone.zoneId);
    return pairsOf(zone).filter(([i, t]) => {
      const key = pairKey(i, t);
      const count = (this.zonings.get(key) ?? 0) + 1;
      this.zonings.set(key, count);
      return count === 1;
    });
  }

  /** Removes a zone; returns the pairs no zone lists any more. */
  removeZone(zone: Zone): Array<[string, string]> {
    this.zones.delete(zone.zoneId);
    this.zoneNames.delete(`${zone.workload!.tenantId}\u0000${zone.name}`);
    return pairsOf(zone).filter(([i, t]) => {
      const key = pairKey(i, t);
      const count = (this.zonings.get(key) ?? 1) - 1;
      if (count > 0) this.zonings.set(key, count);
      else this.zonings.delete(key);
      return count <= 0;
    });
  }

  /** True when some zone lists the pair. */
  zoned(initiatorPortId: string, targetPortId: string): boolean {
    return this.zonings.has(pairKey(initiatorPortId, targetPortId));
  }

  /** The zones that list a port. */
  zonesOf(portId: string): Zone[] {
    return [...this.zones.values()].filter((z) => z.initiatorPortIds.includes(portId) || z.targetPortIds.includes(portId));
  }
}
