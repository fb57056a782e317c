import type { LunMapping, QosPolicy, Volume } from "./contracts.js";
import { applyChange, decodeChange, decodeState, encodeChange, encodeState, policyKey, type CatalogChange, type CatalogState } from "./catalog-change.js";
import type { ApplicablePolicies } from "./storage-backend.js";
import type { StateStore } from "./state-store.js";

export { policyKey } from "./catalog-change.js";

/** The fewest journaled changes worth a compaction. */
const COMPACT_AFTER = 1000;

/**
 * The storage kit's catalogue: volumes (by id and by tenant+name), LUN
 * mappings and QoS policies. Every change goes through commit(): it is
 * recorded first and applied in memory only once the store took it, so what
 * the endpoint shows is always what a restart brings back.
 */
export class VolumeCatalog {
  private state: CatalogState = { volumes: new Map(), mappings: new Map(), policies: new Map() };
  private readonly names = new Map<string, string>();
  private readonly held = new Map<string, number>();
  /** Changes in the store's journal since its snapshot. */
  private journaled = 0;

  constructor(private readonly store: StateStore) {}

  get volumes(): ReadonlyMap<string, Volume> {
    return this.state.volumes;
  }

  get mappings(): ReadonlyMap<string, LunMapping> {
    return this.state.mappings;
  }

  get policies(): ReadonlyMap<string, QosPolicy> {
    return this.state.policies;
  }

  /** Loads the saved state, if any: the snapshot, then the changes recorded after it. */
  async load(): Promise<void> {
    const { snapshot, changes } = await this.store.load();
    if (snapshot !== undefined) {
      this.state = decodeState(snapshot);
      for (const volume of this.state.volumes.values()) this.index(volume, 1);
    }
    for (const change of changes) this.apply(decodeChange(change));
    this.journaled = changes.length;
  }

  /**
   * Records the change, then applies it in memory; when the store refuses it,
   * nothing changes and the error is thrown. Once the journal holds as many
   * changes as the catalogue has entries (and at least COMPACT_AFTER), it is
   * compacted into a snapshot: each change costs O(1) amortised.
   */
  async commit(change: CatalogChange): Promise<void> {
    await this.store.append(encodeChange(change));
    this.apply(change);
    this.journaled += 1;
    const size = this.state.volumes.size + this.state.mappings.size + this.state.policies.size;
    if (this.journaled >= Math.max(COMPACT_AFTER, size)) {
      // The change is recorded already; a failed compaction is tried again at the next change.
      await this.store.compact(encodeState(this.state)).then(() => { this.journaled = 0; }, () => undefined);
    }
  }

  byName(tenantId: string, name: string): Volume | undefined {
    const id = this.names.get(nameKey(tenantId, name));
    return id === undefined ? undefined : this.state.volumes.get(id);
  }

  /** How many volumes a tenant holds. */
  volumesOf(tenantId: string): number {
    return this.held.get(tenantId) ?? 0;
  }

  /** The QoS policies that apply to I/O on a volume: its own and its tenant's. */
  policiesFor(volume: Volume): ApplicablePolicies {
    return {
      volume: this.state.policies.get(policyKey({ target: { volumeId: volume.volumeId } })),
      tenant: this.state.policies.get(policyKey({ target: { tenantId: volume.workload!.tenantId } })),
    };
  }

  mappingsOf(volumeId: string): LunMapping[] {
    return [...this.state.mappings.values()].filter((m) => m.volumeId === volumeId);
  }

  /**
   * The lowest LUN number free on a host in a tenant's LUN space: each tenant
   * reaches a host through its own target, so LUN numbers are unique per
   * (host, tenant) and one tenant's never depend on another's mappings.
   */
  freeLun(hostId: string, tenantId: string): number {
    const used = new Set([...this.state.mappings.values()].filter((m) => m.hostId === hostId && m.tenantId === tenantId).map((m) => m.lun));
    let lun = 0;
    while (used.has(lun)) lun += 1;
    return lun;
  }

  /** Applies a change in memory, keeping the indexes by name and by tenant in step. */
  private apply(change: CatalogChange): void {
    const replaced = "putVolume" in change ? this.state.volumes.get(change.putVolume.volumeId)
      : "removeVolume" in change ? this.state.volumes.get(change.removeVolume) : undefined;
    if (replaced) this.index(replaced, -1);
    if ("putVolume" in change) this.index(change.putVolume, 1);
    applyChange(this.state, change);
  }

  private index(volume: Volume, delta: 1 | -1): void {
    const tenantId = volume.workload!.tenantId;
    const key = nameKey(tenantId, volume.name);
    if (delta > 0) this.names.set(key, volume.volumeId);
    else this.names.delete(key);
    const held = (this.held.get(tenantId) ?? 0) + delta;
    if (held > 0) this.held.set(tenantId, held);
    else this.held.delete(tenantId);
  }
}

function nameKey(tenantId: string, name: string): string {
  return `${tenantId}\u0000${name}`;
}
