/**
 * A learning switch's forwarding table, one per network (a VLAN): it learns
 * which port an address sits behind from the source of every frame, and
 * forgets a port's addresses when the port goes. An address it has not
 * learned yet is flooded.
 */
export class LearningTable {
  private readonly networks = new Map<string, Map<string, string>>();

  learn(networkId: string, address: string, portId: string): void {
    let table = this.networks.get(networkId);
    if (!table) this.networks.set(networkId, (table = new Map()));
    table.set(address, portId);
  }

  lookup(networkId: string, address: string): string | undefined {
    return this.networks.get(networkId)?.get(address);
  }

  forgetPort(networkId: string, portId: string): void {
    const table = this.networks.get(networkId);
    if (!table) return;
    for (const [address, port] of table) if (port === portId) table.delete(address);
    if (table.size === 0) this.networks.delete(networkId);
  }
}
