import { core, management, type telemetry } from "@strata/sdk/contracts";
import { createActionAudit } from "./action-audit.js";
import type { ActionLog } from "./action-log.js";
import { applicationWindows, type ApplicationWindow } from "./application-windows.js";
import { resolveControllerOptions, type ControllerOptions } from "./controller-options.js";
import { crowdedLayers } from "./crowded-layers.js";
import { earlyWarning } from "./early-warning.js";
import { createHolds } from "./holds.js";
import type { LayerControl } from "./layer-control.js";
import { blamedLayers, growthOf, windowGrowth, type Growth } from "./layer-growth.js";
import { LayerLoad } from "./layer-load.js";
import { createSerialWork } from "./serial-work.js";
import { markRisk, newSlaState, rememberCalm, type SlaState } from "./sla-state.js";
import { slaKey, type SlaStore } from "./sla-store.js";
import { ms, windowRisk } from "./window-risk.js";

export type { ControllerOptions } from "./controller-options.js";

export interface AssuranceController {
  /** Feeds one batch of the hub's stream; acting and relaxing run in the background, in order. */
  observe(records: readonly telemetry.RequestRecord[], samples: readonly telemetry.MetricSample[]): void;
  /**
   * The hub's clock moved on (a heartbeat of its stream): relaxes the SLAs
   * whose risk passed while their application sent nothing to judge.
   */
  tick(nowUnixNano: bigint): void;
  /** Resolves once every action decided so far has been sent. */
  idle(): Promise<void>;
  /** Relaxes everything the controller holds (on stop, or when its SLAs go). */
  relaxAll(reason: string): Promise<void>;
}

const layerName = (layer: core.Layer) => core.layerToJSON(layer);
const enforced = (sla: management.Sla) => sla.priority !== management.SlaPriority.SLA_PRIORITY_BEST_EFFORT;
const keyOf = (sla: management.Sla) => slaKey(sla.tenantId, sla.applicationId, sla.percentile);

/**
 * The assurance controller: per SLA, each window the hub derives for its
 * application is judged against the target; at risk, the layers whose
 * share of the latency grew (against the median of calm windows) are
 * blamed, the tenants loading those layers (from the hub's request records)
 * are limited through each layer endpoint's standard control, and the SLA's
 * tenant is favoured where the layer has a priority. Once no window has
 * been at risk for holdNs, what it did is undone. Every call is audited.
 */
export function createAssuranceController(slas: SlaStore, log: ActionLog, controls: readonly LayerControl[], options: ControllerOptions = {}): AssuranceController {
  const o = resolveControllerOptions(options);
  const load = new LayerLoad(options.loadWindowNs);
  const work = createSerialWork();
  const audit = createActionAudit(log, o.now);
  const holds = createHolds(controls, { load, audit, work, o });
  const states = new Map<string, SlaState>();
  const stateOf = (key: string) => {
    const state = states.get(key) ?? newSlaState();
    states.set(key, state);
    return state;
  };

  /** The tenants the controller never limits for an SLA: the SLA's own, and those holding a critical SLA. */
  const protectedTenants = (sla: management.Sla) =>
    new Set([sla.tenantId, ...slas.list().filter((s) => s.priority === management.SlaPriority.SLA_PRIORITY_CRITICAL).map((s) => s.tenantId)]);

  /** Limits the competitors of every layer that grew enough to be blamed. */
  const respond = (sla: management.Sla, state: SlaState, growth: Growth[], why: string, before: number, atNs: bigint, per = "per transaction", mayTighten = true) => {
    const guarded = protectedTenants(sla);
    for (const g of blamedLayers(growth, Number(sla.latencyTargetNs), o)) {
      const competitors = load.competitors(g.layer, guarded, o.minCompetitorShare);
      if (competitors.length === 0) continue;
      const text = `${why}; ${layerName(g.layer)}'s share grew ${ms(g.grew)} (${ms(g.baseline)} → ${ms(g.mean)} ${per})`;
      holds.act(keyOf(sla), state.holds, sla, competitors, { layer: g.layer, text, before, atNs, mayTighten });
    }
  };

  /**
   * Relaxes all of an SLA's holds together, once nothing showed it at risk
   * (no window, early warning or crowding) for holdNs up to `nowNs` (the
   * hub's time: a calm window's, or the stream's when the application sent
   * nothing to judge), and no limited tenant presses against its limit.
   * `p` is the calm window's percentile; undefined when there was none.
   */
  const relaxIfPassed = (sla: management.Sla, state: SlaState, nowNs: bigint, p?: number) => {
    if (state.holds.size === 0 || nowNs - state.lastRiskNs < o.holdNs || [...state.holds].some(holds.pressing)) return;
    const calm = p === undefined ? `nothing of ${sla.applicationId} at risk` : `p${sla.percentile} ${ms(p)} within ${o.riskFraction * 100} % of the ${ms(Number(sla.latencyTargetNs))} target`;
    const cause = `risk passed: ${calm} for ${Number(o.holdNs) / 1e9} s, and no limited tenant presses against its limit`;
    for (const holdKey of state.holds) holds.release(keyOf(sla), holdKey, sla, cause, p ?? 0);
    state.holds.clear();
  };

  const judge = (sla: management.Sla, w: ApplicationWindow) => {
    const state = stateOf(keyOf(sla));
    const p = w.latency.quantile(sla.percentile / 100);
    audit.effect(keyOf(sla), w.startTimeUnixNano, p);
    const { atRisk, why } = windowRisk(state, sla.percentile, p, Number(sla.latencyTargetNs), o);
    if (!atRisk) {
      rememberCalm(state, w.layerMeanNs, o.calmWindows);
      relaxIfPassed(sla, state, w.timeUnixNano, p);
      return;
    }
    state.lastRiskNs = w.timeUnixNano;
    if (enforced(sla)) respond(sla, state, windowGrowth(state, w.layerMeanNs), why, p, w.timeUnixNano);
  };

  /** The early warning (early-warning.ts): the slow record's duration against its layer's calm share is the growth. */
  const warn = (sla: management.Sla, records: readonly telemetry.RequestRecord[]) => {
    const threshold = o.riskFraction * Number(sla.latencyTargetNs);
    const innermost = earlyWarning(sla, records, threshold);
    if (!innermost) return;
    const state = stateOf(keyOf(sla));
    const endNs = innermost.startTimeUnixNano + innermost.durationNs;
    markRisk(state, endNs);
    const mean = Number(innermost.durationNs);
    const why = `early warning: one ${sla.applicationId} request took ${ms(mean)} in ${layerName(innermost.layer)} alone, above ${o.riskFraction * 100} % of the ${ms(Number(sla.latencyTargetNs))} p${sla.percentile} target`;
    respond(sla, state, [growthOf(state, innermost.layer, mean)], why, mean, endNs, "in that request");
  };

  /**
   * The crowding warning, before the application's own requests show it
   * (crowded-layers.ts). It limits the layer's competitors as an early
   * warning does; it never steps a limit down (a limited tenant's requests
   * are slow from waiting for their own limit).
   */
  const crowding = (sla: management.Sla, records: readonly telemetry.RequestRecord[]) => {
    const state = states.get(keyOf(sla));
    if (!state) return;
    const crowded = crowdedLayers(records, {
      thresholdNs: o.riskFraction * Number(sla.latencyTargetNs), guarded: protectedTenants(sla), uses: (layer) => state.calm.has(layer), limited: holds.isHeld,
    });
    for (const [layer, r] of crowded) {
      const endNs = r.startTimeUnixNano + r.durationNs;
      markRisk(state, endNs);
      const mean = Number(r.durationNs);
      const why = `crowding: one ${r.tenantId} request took ${ms(mean)} in ${layerName(layer)}, which ${sla.applicationId} uses, above ${o.riskFraction * 100} % of the ${ms(Number(sla.latencyTargetNs))} p${sla.percentile} target`;
      respond(sla, state, [growthOf(state, layer, mean)], why, state.previous ?? 0, endNs, `in that request of ${r.tenantId}, from ${sla.applicationId}'s calm share`, false);
    }
  };

  slas.onChange((current) => {
    const keys = new Set(current.map(keyOf));
    for (const [key, state] of states) {
      if (keys.has(key)) continue;
      const sla = holds.slaHolding(key);
      if (sla) for (const holdKey of state.holds) holds.release(key, holdKey, sla, "SLA deleted", 0);
      states.delete(key);
    }
  });

  return {
    observe(records, samples) {
      load.add(records);
      const current = slas.list();
      if (o.earlyWarning && records.length > 0) for (const sla of current) if (enforced(sla)) warn(sla, records);
      if (o.crowdingWarning && records.length > 0) for (const sla of current) if (enforced(sla)) crowding(sla, records);
      for (const w of applicationWindows(samples)) {
        for (const sla of current) if (sla.tenantId === w.tenantId && sla.applicationId === w.applicationId) judge(sla, w);
      }
    },
    tick(nowUnixNano) {
      load.advance(nowUnixNano);
      for (const sla of slas.list()) {
        const state = states.get(keyOf(sla));
        if (state) relaxIfPassed(sla, state, nowUnixNano);
      }
    },
    idle: () => work.idle(),
    async relaxAll(reason) {
      for (const [key, state] of states) {
        for (const holdKey of state.holds) {
          const h = holds.get(holdKey);
          if (h) holds.release(key, holdKey, h.sla, reason, 0);
        }
        state.holds.clear();
      }
      await work.idle();
    },
  };
}
