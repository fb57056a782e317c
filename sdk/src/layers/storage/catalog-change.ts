import { LunMapping, QosPolicy, Volume } from "./contracts.js";

/**
 * One change to the storage catalogue, as it is persisted: a volume created
 * or changed, a mapping made, a policy set, or one of them removed. The
 * catalogue records a change durably, then applies it in memory, so memory
 * never holds what the store does not.
 */
export type CatalogChange =
  | { putVolume: Volume }
  | { removeVolume: string }
  | { putMapping: LunMapping }
  | { removeMapping: string }
  | { putPolicy: QosPolicy }
  | { removePolicy: string };

/** The catalogue's contents: volumes by id, mappings by id, policies by policyKey. */
export interface CatalogState {
  volumes: Map<string, Volume>;
  mappings: Map<string, LunMapping>;
  policies: Map<string, QosPolicy>;
}

/** The key of a QoS policy: "tenant:<id>" or "volume:<id>". Vendors key their QoS state with it too. */
export function policyKey(policy: Pick<QosPolicy, "target">): string {
  const target = policy.target;
  if (target?.tenantId !== undefined) return `tenant:${target.tenantId}`;
  return `volume:${target?.volumeId ?? ""}`;
}

/** Applies a change to a state. Removing a volume removes its own QoS policy with it. */
export function applyChange(state: CatalogState, change: CatalogChange): void {
  if ("putVolume" in change) state.volumes.set(change.putVolume.volumeId, change.putVolume);
  else if ("removeVolume" in change) {
    state.volumes.delete(change.removeVolume);
    state.policies.delete(policyKey({ target: { volumeId: change.removeVolume } }));
  } else if ("putMapping" in change) state.mappings.set(change.putMapping.mappingId, change.putMapping);
  else if ("removeMapping" in change) state.mappings.delete(change.removeMapping);
  else if ("putPolicy" in change) state.policies.set(policyKey(change.putPolicy), change.putPolicy);
  else state.policies.delete(change.removePolicy);
}

/** A change as JSON text (messages in their proto3 JSON form). */
export function encodeChange(change: CatalogChange): string {
  if ("putVolume" in change) return JSON.stringify({ putVolume: Volume.toJSON(change.putVolume) });
  if ("putMapping" in change) return JSON.stringify({ putMapping: LunMapping.toJSON(change.putMapping) });
  if ("putPolicy" in change) return JSON.stringify({ putPolicy: QosPolicy.toJSON(change.putPolicy) });
  return JSON.stringify(change);
}

/** A change back from encodeChange's text; throws on anything else. */
export function decodeChange(text: string): CatalogChange {
  const raw = JSON.parse(text) as Record<string, unknown>;
  if ("putVolume" in raw) return { putVolume: Volume.fromJSON(raw.putVolume) };
  if ("putMapping" in raw) return { putMapping: LunMapping.fromJSON(raw.putMapping) };
  if ("putPolicy" in raw) return { putPolicy: QosPolicy.fromJSON(raw.putPolicy) };
  for (const key of ["removeVolume", "removeMapping", "removePolicy"] as const) {
    if (typeof raw[key] === "string") return { [key]: raw[key] } as CatalogChange;
  }
  throw new SyntaxError(`not a catalogue change: ${text.slice(0, 80)}`);
}

/** The whole state as JSON text (the form the first versions saved, so their files still load). */
export function encodeState(state: CatalogState): string {
  return JSON.stringify({
    volumes: [...state.volumes.values()].map((v) => Volume.toJSON(v)),
    mappings: [...state.mappings.values()].map((m) => LunMapping.toJSON(m)),
    policies: [...state.policies.values()].map((p) => QosPolicy.toJSON(p)),
  });
}

/** A state back from encodeState's text. */
export function decodeState(text: string): CatalogState {
  const raw = JSON.parse(text) as { volumes?: unknown[]; mappings?: unknown[]; policies?: unknown[] };
  const state: CatalogState = { volumes: new Map(), mappings: new Map(), policies: new Map() };
  for (const v of raw.volumes ?? []) applyChange(state, { putVolume: Volume.fromJSON(v) });
  for (const m of raw.mappings ?? []) applyChange(state, { putMapping: LunMapping.fromJSON(m) });
  for (const p of raw.policies ?? []) applyChange(state, { putPolicy: QosPolicy.fromJSON(p) });
  return state;
}
