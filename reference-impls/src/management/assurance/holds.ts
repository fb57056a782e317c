import { management, type core } from "@strata/sdk/contracts";
import { presses, tighten, type Hold, type HoldContext } from "./hold.js";
import type { ControlCall, LayerControl } from "./layer-control.js";
import type { Competitor } from "./layer-load.js";

/** Why a layer is acted on, as the audit states it. */
export interface Cause {
  /** The layer blamed. */
  layer: core.Layer;
  /** In words: the percentile, the layer's growth. */
  text: string;
  /** The percentile before, ns. */
  before: number;
  /** Hub time of the risk, ns. */
  atNs: bigint;
  /** Whether a held competitor still pressing against its limit is stepped down (not on a crowding warning). */
  mayTighten: boolean;
}

/** The controller's holds: limits and favours taken, shared between SLAs, stepped down, relaxed once no SLA holds them. */
export interface Holds {
  /**
   * Limits the competitors on every endpoint of the cause's layer, and
   * favours a critical SLA's tenant where the layer has a priority; a hold
   * already taken is joined (and stepped down where the cause allows). The
   * hold keys go into `slaHolds`.
   */
  act(key: string, slaHolds: Set<string>, sla: management.Sla, competitors: readonly Competitor[], cause: Cause): void;
  /** The SLA `key` lets go of a hold; the last holder undoes it, audited as relaxing with `cause`. */
  release(key: string, holdKey: string, sla: management.Sla, cause: string, before: number): void;
  /** Whether the tenant a hold limits still presses against its limit. */
  pressing(holdKey: string): boolean;
  /** Whether a tenant is limited on a layer already. */
  isHeld(layer: core.Layer, tenantId: string): boolean;
  get(holdKey: string): Hold | undefined;
  /** The SLA of a hold the SLA `key` takes part in, if any. */
  slaHolding(key: string): management.Sla | undefined;
}

/** The holds of a controller over its layer controls. */
export function createHolds(controls: readonly LayerControl[], context: HoldContext): Holds {
  const { audit, work } = context;
  const held = new Map<string, Hold>();

  return {
    act(key, slaHolds, sla, competitors, { layer, text, before, atNs, mayTighten }) {
      const critical = sla.priority === management.SlaPriority.SLA_PRIORITY_CRITICAL;
      for (const control of controls.filter((c) => c.layer === layer)) {
        const targets: Array<{ tenantId: string; send: () => Promise<ControlCall[]>; why: string }> = competitors.map((c) => ({
          tenantId: c.tenantId, send: () => control.limit(c.tenantId, c),
          why: `${c.tenantId} has ${(c.share * 100).toFixed(0)} % of the layer's operations (${c.opsPerSecond.toFixed(0)} ops/s, ${(c.bytesPerSecond / 1e6).toFixed(2)} MB/s)`,
        }));
        if (critical && control.favour && competitors.length > 0) targets.push({ tenantId: "", send: () => control.favour!(sla.tenantId), why: `${sla.tenantId} favoured` });
        for (const target of targets) {
          const holdKey = `${control.endpoint}\u0000${layer}\u0000${target.tenantId || `favour:${sla.tenantId}`}`;
          slaHolds.add(holdKey);
          const existing = held.get(holdKey);
          if (existing) {
            existing.holders.add(key);
            if (mayTighten && target.tenantId !== "") tighten(existing, sla, text, before, atNs, context);
            continue;
          }
          const h: Hold = { holders: new Set([key]), undo: [], limits: [], control, tenantId: target.tenantId, sla, steppedAtNs: atNs, steps: 0, stepping: false };
          held.set(holdKey, h);
          work.enqueue(async () => {
            for (const call of await target.send()) {
              audit.record(sla, { cause: `${text}; ${target.why}`, causeLayer: layer, percentileBeforeNs: BigInt(Math.round(before)), targetTenantId: target.tenantId }, call, control);
              if (call.undo) h.undo.push({ call, undo: call.undo });
              if (call.limit) h.limits.push(call.limit);
            }
          });
        }
      }
    },
    release(key, holdKey, sla, cause, before) {
      const h = held.get(holdKey);
      if (!h) return;
      h.holders.delete(key);
      if (h.holders.size > 0) return;
      held.delete(holdKey);
      work.enqueue(async () => {
        for (const { undo } of h.undo) {
          for (const call of await undo()) {
            audit.record(sla, { relax: true, cause, causeLayer: h.control.layer, percentileBeforeNs: BigInt(Math.round(before)), targetTenantId: h.tenantId }, call, h.control);
          }
        }
      });
    },
    pressing: (holdKey) => presses(held.get(holdKey), context),
    isHeld: (layer, tenantId) => [...held.values()].some((h) => h.control.layer === layer && h.tenantId === tenantId),
    get: (holdKey) => held.get(holdKey),
    slaHolding: (key) => [...held.values()].find((h) => h.holders.has(key))?.sla,
  };
}
