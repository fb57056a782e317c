import { core, management, type telemetry } from "@strata/sdk/contracts";
import type { ActionLog } from "./action-log.js";
import { applicationWindows, type ApplicationWindow } from "./application-windows.js";
import { crowdedLayers } from "./crowded-layers.js";
import type { ControlCall, LayerControl, Load } from "./layer-control.js";
import { LayerLoad, type Competitor } from "./layer-load.js";
import { slaKey, type SlaStore } from "./sla-store.js";
import { stepDown } from "./step-down.js";

/** When the controller acts and relaxes (docs/assurance.md, "The controller"). */
export interface ControllerOptions {
  /** At risk when the window's percentile exceeds this fraction of the target (default 0.8). */
  riskFraction?: number;
  /** …or exceeds half the target and, at its last rise per window, would break it in the next window (default true). */
  trend?: boolean;
  /** Also act on a request record of the application that alone lasted longer than riskFraction of the target, before its window closes (default true). */
  earlyWarning?: boolean;
  /**
   * Also act on a request record of another tenant, not yet limited there, that alone lasted longer than
   * riskFraction of the target on a layer the application uses: the layer queues, and the application's next
   * request there waits as long (default true).
   */
  crowdingWarning?: boolean;
  /** Still at risk from a layer whose competitor is held and still presses against its limit: the limit is stepped down to this fraction of itself (default 0.5), never under the control's floor. */
  tightenFraction?: number;
  /** A step waits this long (hub time) after the limit or the step before, so that its effect shows first (default 1 s). */
  stepIntervalNs?: bigint;
  /** The risk must have passed for this long (hub time) before the controller relaxes (default 5 s), and the limited tenant no longer press against its limit. */
  holdNs?: bigint;
  /** A layer is blamed when its share grew by at least this fraction of the largest growth (default 0.25). */
  blameFraction?: number;
  /** …and by at least this fraction of the SLA's target (default 0.1): a layer that moved by noise is not blamed. */
  minGrowthFraction?: number;
  /** A tenant competes on a layer with at least this fraction of its operations (default 0.1). */
  minCompetitorShare?: number;
  /** The window of request records competitors' load is counted over (default 2 s). */
  loadWindowNs?: bigint;
  /** A limited tenant still presses against its limit at this fraction of it or more (default 0.8). */
  pressingFraction?: number;
  /** Calm windows remembered per layer as the share baseline (default 20). */
  calmWindows?: number;
  /** The clock actions are stamped with, UNIX ns. */
  now?: () => bigint;
}

export interface AssuranceController {
  /** Feeds one batch of the hub's stream; acting and relaxing run in the background, in order. */
  observe(records: readonly telemetry.RequestRecord[], samples: readonly telemetry.MetricSample[]): void;
  /** Resolves once every action decided so far has been sent. */
  idle(): Promise<void>;
  /** Relaxes everything the controller holds (on stop, or when its SLAs go). */
  relaxAll(reason: string): Promise<void>;
}

interface SlaState {
  calm: Map<core.Layer, number[]>;
  lastRiskNs: bigint;
  previous?: number;
  holds: Set<string>;
}

interface Growth {
  layer: core.Layer;
  mean: number;
  baseline: number;
  grew: number;
}

interface Held {
  holders: Set<string>;
  undo: Array<{ call: ControlCall; undo: () => Promise<ControlCall[]> }>;
  /** The rates the calls limited the tenant to. */
  limits: Array<Partial<Load>>;
  control: LayerControl;
  tenantId: string;
  sla: management.Sla;
  /** Hub time of the limit or of the last step down, ns. */
  steppedAtNs: bigint;
  /** Steps down since the first limit. */
  steps: number;
  /** A step is being sent. */
  stepping: boolean;
}

const ms = (ns: number) => `${(ns / 1e6).toFixed(1)} ms`;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
const layerName = (layer: core.Layer) => core.layerToJSON(layer);

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
  const o = { riskFraction: 0.8, trend: true, earlyWarning: true, crowdingWarning: true, tightenFraction: 0.5, stepIntervalNs: 1_000_000_000n, holdNs: 5_000_000_000n, blameFraction: 0.25, minGrowthFraction: 0.1, minCompetitorShare: 0.1, calmWindows: 20, pressingFraction: 0.8, ...options };
  const now = options.now ?? (() => BigInt(Date.now()) * 1_000_000n);
  const load = new LayerLoad(options.loadWindowNs);
  const states = new Map<string, SlaState>();
  const held = new Map<string, Held>();
  const awaitingEffect: Array<{ key: string; action: management.SlaAction }> = [];
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => { queue = queue.then(work).catch(() => {}); };

  const audit = (sla: management.Sla, fields: Partial<management.SlaAction>, call: ControlCall, control: LayerControl) => {
    const action = log.add(management.SlaAction.fromPartial({
      ...fields, timeUnixNano: now(), sla, actionLayer: control.layer, rpc: call.rpc, requestJson: call.requestJson, statusCode: call.statusCode, endpoint: control.endpoint,
    }));
    awaitingEffect.push({ key: slaKey(sla.tenantId, sla.applicationId, sla.percentile), action });
    // An application that never has another window leaves its actions' effect at 0; memory stays bounded.
    if (awaitingEffect.length > 1000) awaitingEffect.shift();
  };

  const release = (key: string, holdKey: string, sla: management.Sla, cause: string, before: number) => {
    const h = held.get(holdKey);
    if (!h) return;
    h.holders.delete(key);
    if (h.holders.size > 0) return;
    held.delete(holdKey);
    enqueue(async () => {
      for (const { undo } of h.undo) {
        for (const call of await undo()) {
          audit(sla, { relax: true, cause, causeLayer: h.control.layer, percentileBeforeNs: BigInt(Math.round(before)), targetTenantId: h.tenantId }, call, h.control);
        }
      }
    });
  };

  /** Whether the tenant a hold limits still loads its layer at pressingFraction of a limit or more: relaxing would bring the risk back. */
  const presses = (h: Held | undefined) => {
    if (!h || h.tenantId === "") return false;
    const now = load.of(h.control.layer, h.tenantId);
    return h.limits.some((l) => (l.opsPerSecond !== undefined && now.opsPerSecond >= o.pressingFraction * l.opsPerSecond)
      || (l.bytesPerSecond !== undefined && now.bytesPerSecond >= o.pressingFraction * l.bytesPerSecond));
  };
  const pressing = (holdKey: string) => presses(held.get(holdKey));

  /**
   * Still at risk from a layer where a competitor is held and still presses
   * against its limit: the limit is stepped down (tightenFraction of the
   * tightest one held), at most once per stepIntervalNs so that the step
   * before has shown its effect, never under the control's floor (the
   * control sends nothing there). Relaxing undoes the first limit.
   */
  const tighten = (h: Held, sla: management.Sla, cause: string, before: number, atNs: bigint) => {
    if (!h.control.tighten || h.stepping || h.limits.length === 0 || atNs - h.steppedAtNs < o.stepIntervalNs || !presses(h)) return;
    const { next, against } = stepDown(h.limits, o.tightenFraction, load.of(h.control.layer, h.tenantId));
    h.stepping = true;
    h.steppedAtNs = atNs;
    enqueue(async () => {
      try {
        const calls = await h.control.tighten!(h.tenantId, next);
        for (const call of calls) {
          audit(sla, { cause: `${cause}; ${h.tenantId} still presses against its limit (${against}): stepped down to ${o.tightenFraction * 100} % of it (step ${h.steps + 1})`, causeLayer: h.control.layer, percentileBeforeNs: BigInt(Math.round(before)), targetTenantId: h.tenantId }, call, h.control);
        }
        const limits = calls.filter((c) => c.statusCode === 0 && c.limit).map((c) => c.limit!);
        if (limits.length > 0) {
          h.limits = limits;
          h.steps++;
        }
      } finally {
        h.stepping = false;
      }
    });
  };

  const act = (key: string, state: SlaState, sla: management.Sla, layer: core.Layer, competitors: Competitor[], cause: string, before: number, atNs: bigint, mayTighten: boolean) => {
    const critical = sla.priority === management.SlaPriority.SLA_PRIORITY_CRITICAL;
    for (const control of controls.filter((c) => c.layer === layer)) {
      const targets: Array<{ tenantId: string; send: () => Promise<ControlCall[]>; why: string }> = competitors.map((c) => ({
        tenantId: c.tenantId, send: () => control.limit(c.tenantId, c),
        why: `${c.tenantId} has ${(c.share * 100).toFixed(0)} % of the layer's operations (${c.opsPerSecond.toFixed(0)} ops/s, ${(c.bytesPerSecond / 1e6).toFixed(2)} MB/s)`,
      }));
      if (critical && control.favour && competitors.length > 0) targets.push({ tenantId: "", send: () => control.favour!(sla.tenantId), why: `${sla.tenantId} favoured` });
      for (const target of targets) {
        const holdKey = `${control.endpoint}\u0000${layer}\u0000${target.tenantId || `favour:${sla.tenantId}`}`;
        state.holds.add(holdKey);
        const existing = held.get(holdKey);
        if (existing) {
          existing.holders.add(key);
          if (mayTighten && target.tenantId !== "") tighten(existing, sla, cause, before, atNs);
          continue;
        }
        const h: Held = { holders: new Set([key]), undo: [], limits: [], control, tenantId: target.tenantId, sla, steppedAtNs: atNs, steps: 0, stepping: false };
        held.set(holdKey, h);
        enqueue(async () => {
          for (const call of await target.send()) {
            audit(sla, { cause: `${cause}; ${target.why}`, causeLayer: layer, percentileBeforeNs: BigInt(Math.round(before)), targetTenantId: target.tenantId }, call, control);
            if (call.undo) h.undo.push({ call, undo: call.undo });
            if (call.limit) h.limits.push(call.limit);
          }
        });
      }
    }
  };

  const judge = (sla: management.Sla, w: ApplicationWindow) => {
    const key = slaKey(sla.tenantId, sla.applicationId, sla.percentile);
    const state: SlaState = states.get(key) ?? { calm: new Map(), lastRiskNs: 0n, holds: new Set<string>() };
    states.set(key, state);
    const p = w.latency.quantile(sla.percentile / 100);
    const target = Number(sla.latencyTargetNs);
    for (let i = awaitingEffect.length - 1; i >= 0; i--) {
      const pending = awaitingEffect[i]!;
      if (pending.key === key && w.startTimeUnixNano >= pending.action.timeUnixNano) {
        pending.action.percentileAfterNs = BigInt(Math.round(p));
        awaitingEffect.splice(i, 1);
      }
    }
    const rising = state.previous !== undefined && p > state.previous && p + (p - state.previous) > target && p > target / 2;
    state.previous = p;
    const atRisk = p > o.riskFraction * target || (o.trend && rising);
    if (!atRisk) {
      for (const [layer, mean] of w.layerMeanNs) {
        const calm = state.calm.get(layer) ?? [];
        calm.push(mean);
        if (calm.length > o.calmWindows) calm.shift();
        state.calm.set(layer, calm);
      }
      // Relaxed all together, once no limited tenant presses against its limit any more.
      if (state.holds.size > 0 && w.timeUnixNano - state.lastRiskNs >= o.holdNs && ![...state.holds].some(pressing)) {
        const cause = `risk passed: p${sla.percentile} ${ms(p)} within ${o.riskFraction * 100} % of the ${ms(target)} target for ${Number(o.holdNs) / 1e9} s, and no limited tenant presses against its limit`;
        for (const holdKey of state.holds) release(key, holdKey, sla, cause, p);
        state.holds.clear();
      }
      return;
    }
    state.lastRiskNs = w.timeUnixNano;
    if (sla.priority === management.SlaPriority.SLA_PRIORITY_BEST_EFFORT) return;
    const growth = [...w.layerMeanNs].map(([layer, mean]) => {
      const baseline = median(state.calm.get(layer) ?? []);
      return { layer, mean, baseline, grew: mean - baseline };
    }).filter((g) => g.grew > 0).sort((a, b) => b.grew - a.grew);
    const why = `p${sla.percentile} ${ms(p)} ${p > o.riskFraction * target ? `above ${o.riskFraction * 100} % of` : "rising towards"} the ${ms(target)} target`;
    respond(sla, key, state, growth, why, p, w.timeUnixNano);
  };

  /** The tenants the controller never limits for an SLA: the SLA's own, and those holding a critical SLA. */
  const protectedTenants = (sla: management.Sla) =>
    new Set([sla.tenantId, ...slas.list().filter((s) => s.priority === management.SlaPriority.SLA_PRIORITY_CRITICAL).map((s) => s.tenantId)]);
  const isHeld = (layer: core.Layer, tenantId: string) => [...held.values()].some((h) => h.control.layer === layer && h.tenantId === tenantId);

  /** Limits the competitors of every layer that grew enough to be blamed. */
  const respond = (sla: management.Sla, key: string, state: SlaState, growth: Growth[], why: string, before: number, atNs: bigint, per = "per transaction", mayTighten = true) => {
    const target = Number(sla.latencyTargetNs);
    const largest = growth[0]?.grew ?? 0;
    const guarded = protectedTenants(sla);
    for (const g of growth.filter((x) => x.grew >= o.blameFraction * largest && x.grew >= o.minGrowthFraction * target)) {
      const competitors = load.competitors(g.layer, guarded, o.minCompetitorShare);
      if (competitors.length === 0) continue;
      const cause = `${why}; ${layerName(g.layer)}'s share grew ${ms(g.grew)} (${ms(g.baseline)} → ${ms(g.mean)} ${per})`;
      act(key, state, sla, g.layer, competitors, cause, before, atNs, mayTighten);
    }
  };

  /**
   * The early warning, before the window closes: a request record of the
   * SLA's application that alone lasted longer than riskFraction of the
   * target makes its transaction's end-to-end latency longer still. The
   * innermost such record (the shortest) names the layer.
   */
  const warn = (sla: management.Sla, records: readonly telemetry.RequestRecord[]) => {
    if (sla.priority === management.SlaPriority.SLA_PRIORITY_BEST_EFFORT) return;
    const threshold = o.riskFraction * Number(sla.latencyTargetNs);
    let innermost: telemetry.RequestRecord | undefined;
    for (const r of records) {
      if (r.tenantId !== sla.tenantId || r.applicationId !== sla.applicationId || Number(r.durationNs) <= threshold) continue;
      if (!innermost || r.durationNs < innermost.durationNs) innermost = r;
    }
    if (!innermost) return;
    const key = slaKey(sla.tenantId, sla.applicationId, sla.percentile);
    const state: SlaState = states.get(key) ?? { calm: new Map(), lastRiskNs: 0n, holds: new Set<string>() };
    states.set(key, state);
    const endNs = innermost.startTimeUnixNano + innermost.durationNs;
    if (endNs > state.lastRiskNs) state.lastRiskNs = endNs;
    const mean = Number(innermost.durationNs);
    const baseline = median(state.calm.get(innermost.layer) ?? []);
    const why = `early warning: one ${sla.applicationId} request took ${ms(mean)} in ${layerName(innermost.layer)} alone, above ${o.riskFraction * 100} % of the ${ms(Number(sla.latencyTargetNs))} p${sla.percentile} target`;
    respond(sla, key, state, [{ layer: innermost.layer, mean, baseline, grew: mean - baseline }], why, mean, endNs, "in that request");
  };

  /**
   * The crowding warning, before the application's own requests show it: a
   * request of another tenant, not limited on that layer yet, that alone
   * lasted longer than riskFraction of the target on a layer the application
   * uses (one with a calm baseline) says the layer queues, and the
   * application's next request there waits behind the same queue. It limits
   * the layer's competitors as an early warning does; it never steps a limit
   * down (a limited tenant's requests are slow from waiting for their own limit).
   */
  const crowding = (sla: management.Sla, records: readonly telemetry.RequestRecord[]) => {
    if (sla.priority === management.SlaPriority.SLA_PRIORITY_BEST_EFFORT) return;
    const key = slaKey(sla.tenantId, sla.applicationId, sla.percentile);
    const state = states.get(key);
    if (!state) return;
    const crowded = crowdedLayers(records, {
      thresholdNs: o.riskFraction * Number(sla.latencyTargetNs), guarded: protectedTenants(sla), uses: (layer) => state.calm.has(layer), limited: isHeld,
    });
    for (const [layer, r] of crowded) {
      const endNs = r.startTimeUnixNano + r.durationNs;
      if (endNs > state.lastRiskNs) state.lastRiskNs = endNs;
      const mean = Number(r.durationNs);
      const baseline = median(state.calm.get(layer) ?? []);
      const why = `crowding: one ${r.tenantId} request took ${ms(mean)} in ${layerName(layer)}, which ${sla.applicationId} uses, above ${o.riskFraction * 100} % of the ${ms(Number(sla.latencyTargetNs))} p${sla.percentile} target`;
      respond(sla, key, state, [{ layer, mean, baseline, grew: mean - baseline }], why, state.previous ?? 0, endNs, `in that request of ${r.tenantId}, from ${sla.applicationId}'s calm share`, false);
    }
  };

  slas.onChange((current) => {
    const keys = new Set(current.map((s) => slaKey(s.tenantId, s.applicationId, s.percentile)));
    for (const [key, state] of states) {
      if (keys.has(key)) continue;
      const sla = [...held.values()].find((h) => h.holders.has(key))?.sla;
      if (sla) for (const holdKey of state.holds) release(key, holdKey, sla, "SLA deleted", 0);
      states.delete(key);
    }
  });

  return {
    observe(records, samples) {
      load.add(records);
      const current = slas.list();
      if (o.earlyWarning && records.length > 0) for (const sla of current) warn(sla, records);
      if (o.crowdingWarning && records.length > 0) for (const sla of current) crowding(sla, records);
      for (const w of applicationWindows(samples)) {
        for (const sla of current) if (sla.tenantId === w.tenantId && sla.applicationId === w.applicationId) judge(sla, w);
      }
    },
    idle: () => queue,
    async relaxAll(reason) {
      for (const [key, state] of states) {
        for (const holdKey of state.holds) {
          const h = held.get(holdKey);
          if (h) release(key, holdKey, h.sla, reason, 0);
        }
        state.holds.clear();
      }
      await queue;
    },
  };
}
