import { LunMapping, QosPolicy, Volume } from "./contracts.js";
import type { ApplicablePolicies } from "./storage-backend.js";
import type { StateStore } from "./state-store.js";

/** The key of a QoS policy: "tenant:<id>" or "volume:<id>". */
export function policyKey(policy: Pick<QosPolicy, "target">): string {
  const target = policy.target;
  if (target?.tenantId !== undefined) return `tenant:${target.tenantId}`;
  return `volume:${target?.volumeId ?? ""}`;
}

/**
 * The storage kit's catalogue: volumes (by id and by tenant+name), LUN
 * mappings and QoS policies, persisted through a StateStore after every
 * change so that what was acknowledged survives a restart.
 */
export class VolumeCatalog {
  readonly volumes = new Map<string, Volume>();
  readonly mappings = new Map<string, LunMapping>();
  readonly policies = new Map<string, QosPolicy>();
  private readonly names = new Map<string, string>();

  constructor(private readonly store: StateStore) {}

  /** Loads the saved state, if any. */
  async load(): Promise<void> {
    const text = await this.store.load();
    if (!text) return;
    const state = JSON.parse(text) as { volumes: unknown[]; mappings: unknown[]; policies: unknown[] };
    for (const v of state.volumes) this.putVolume(Volume.fromJSON(v));
    for (const m of state.mappings) { const mapping = LunMapping.fromJSON(m); this.mappings.set(mapping.mappingId, mapping); }
    for (const p of state.policies) { const policy = QosPolicy.fromJSON(p); this.policies.set(policyKey(policy), policy); }
  }

  /** Persists the whole catalogue. */
  save(): Promise<void> {
    return this.store.save(JSON.stringify({
      volumes: [...this.volumes.values()].map((v) => Volume.toJSON(v)),
      mappings: [...this.mappings.values()].map((m) => LunMapping.toJSON(m)),
      policies: [...this.policies.values()].map((p) => QosPolicy.toJSON(p)),
    }));
  }

  byName(tenantId: string, name: string): Volume | undefined {
    const id = this.names.get(`${tenantId}\u0000${name}`);
    return id === undefined ? undefined : this.volumes.get(id);
  }

  putVolume(volume: Volume): void {
    this.volumes.set(volume.volumeId, volume);
    this.names.set(`${volume.workload!.tenantId}\u0000${volume.name}`, volume.volumeId);
  }

  removeVolume(volume: Volume): void {
    this.volumes.delete(volume.volumeId);
    this.names.delete(`${volume.workload!.tenantId}\u0000${volume.name}`);
    this.policies.delete(policyKey({ target: { volumeId: volume.volumeId } }));
  }

  /** The QoS policies that apply to I/O on a volume: its own and its tenant's. */
  policiesFor(volume: Volume): ApplicablePolicies {
    return {
      volume: this.policies.get(policyKey({ target: { volumeId: volume.volumeId } })),
      tenant: this.policies.get(policyKey({ target: { tenantId: volume.workload!.tenantId } })),
    };
  }

  mappingsOf(volumeId: string): LunMapping[] {
    return [...this.mappings.values()].filter((m) => m.volumeId === volumeId);
  }

  /** The lowest LUN number free on a host. */
  freeLun(hostId: string): number {
    const used = new Set([...this.mappings.values()].filter((m) => m.hostId === hostId).map((m) => m.lun));
    let lun = 0;
    while (used.has(lun)) lun += 1;
    return lun;
  }
}
