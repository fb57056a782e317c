import { core, management, telemetry } from "@strata/sdk/contracts";
import { ExponentialHistogram } from "@strata/sdk/server";
import { describe, expect, it } from "vitest";
import { createActionLog } from "./action-log.js";
import { TRANSACTION_LATENCY, TRANSACTION_LAYER_TIME } from "./application-windows.js";
import { createAssuranceController } from "./create-assurance-controller.js";
import type { ControlCall, LayerControl, Load } from "./layer-control.js";
import { createSlaStore } from "./sla-store.js";

const MS = 1_000_000;
const WINDOW_NS = 200_000_000n;
const T0 = 1_800_000_000_000_000_000n;

/** What a layer endpoint was asked, and the undo each call hands back: the controller's own seam, not a contract. */
function recordingControl(layer: core.Layer, log: string[]): LayerControl {
  const call = (what: string, limit?: Partial<Load>): ControlCall => ({
    rpc: `${core.layerToJSON(layer)}/${what}`, requestJson: "{}", statusCode: 0, ...(limit ? { limit } : {}),
    undo: async () => { log.push(`undo ${what}`); return [{ rpc: `${core.layerToJSON(layer)}/undo`, requestJson: "{}", statusCode: 0 }]; },
  });
  return {
    layer, endpoint: `${core.layerToJSON(layer)}-endpoint`,
    limit: async (tenantId, load) => { log.push(`limit ${tenantId}`); return [call(`limit ${tenantId}`, { opsPerSecond: load.opsPerSecond * 0.2 })]; },
    tighten: async (tenantId, limit) => {
      log.push(`tighten ${tenantId} to ${limit.opsPerSecond}`);
      return [{ rpc: `${core.layerToJSON(layer)}/tighten`, requestJson: "{}", statusCode: 0, limit }];
    },
    favour: async (tenantId) => { log.push(`favour ${tenantId}`); return [call(`favour ${tenantId}`)]; },
    close: () => {},
  };
}

const histogram = (values: number[]) => {
  const h = new ExponentialHistogram();
  for (const v of values) h.record(v);
  return h.toProto();
};

/** Window i of tenant-a/trading: end to end `e2eMs`, storage's share `storageMs`, compute's 2 ms. */
const window = (i: number, e2eMs: number, storageMs: number): telemetry.MetricSample[] => {
  const base = { tenantId: "tenant-a", applicationId: "trading", startTimeUnixNano: T0 + BigInt(i) * WINDOW_NS, timeUnixNano: T0 + BigInt(i + 1) * WINDOW_NS };
  return [
    telemetry.MetricSample.fromPartial({ ...base, metric: TRANSACTION_LATENCY, layer: core.Layer.LAYER_COMPUTE, histogram: histogram(Array(10).fill(e2eMs * MS)) }),
    telemetry.MetricSample.fromPartial({ ...base, metric: TRANSACTION_LAYER_TIME, layer: core.Layer.LAYER_STORAGE, histogram: histogram(Array(10).fill(storageMs * MS)) }),
    telemetry.MetricSample.fromPartial({ ...base, metric: TRANSACTION_LAYER_TIME, layer: core.Layer.LAYER_COMPUTE, histogram: histogram(Array(10).fill(2 * MS)) }),
  ];
};

/** `n` storage records of a tenant in window i, each lasting `ms`. */
const records = (i: number, tenantId: string, n: number, layer = core.Layer.LAYER_STORAGE, ms = 0) => Array.from({ length: n }, (_, k) =>
  telemetry.RequestRecord.fromPartial({ layer, tenantId, applicationId: "app", startTimeUnixNano: T0 + BigInt(i) * WINDOW_NS + BigInt(k), durationNs: BigInt(ms * MS), payloadBytes: 4096n }));

describe("createAssuranceController()", () => {
  const setup = (priority = management.SlaPriority.SLA_PRIORITY_CRITICAL) => {
    const slas = createSlaStore([{ tenantId: "tenant-a", applicationId: "trading", percentile: 99, latencyTargetNs: 100n * BigInt(MS), priority }]);
    const actions = createActionLog();
    const log: string[] = [];
    const controller = createAssuranceController(slas, actions, [recordingControl(core.Layer.LAYER_STORAGE, log), recordingControl(core.Layer.LAYER_NETWORK, log)], {
      holdNs: 1_000_000_000n, loadWindowNs: 1_000_000_000n, now: () => T0 + 3n * WINDOW_NS,
    });
    return { slas, actions, log, controller };
  };

  it("should limit the tenant loading the layer whose share grew, favour the SLA's tenant, hold while it presses and relax after the hold", async () => {
    const { actions, log, controller } = setup();
    for (let i = 0; i < 3; i++) controller.observe([...records(i, "tenant-a", 5), ...records(i, "tenant-c", 1, core.Layer.LAYER_NETWORK)], window(i, 20, 10));
    controller.observe([...records(3, "tenant-b", 200), ...records(3, "tenant-c", 50, core.Layer.LAYER_NETWORK)], window(3, 150, 140));
    await controller.idle();
    // Storage grew by 130 ms, the network not at all: only storage is acted on, tenant-b limited, tenant-a favoured.
    expect(log).toEqual(["limit tenant-b", "favour tenant-a"]);
    const [favour, limit] = actions.list();
    expect(limit).toMatchObject({ causeLayer: core.Layer.LAYER_STORAGE, actionLayer: core.Layer.LAYER_STORAGE, targetTenantId: "tenant-b", percentileBeforeNs: 150n * BigInt(MS), relax: false });
    expect(limit!.cause).toMatch(/LAYER_STORAGE's share grew 130\.0 ms .*tenant-b has/);
    expect(favour!.targetTenantId).toBe("");
    // Calm again, but B still presses against its limit: no relax, however long.
    for (let i = 4; i < 14; i++) controller.observe(records(i, "tenant-b", 200), window(i, 20, 10));
    await controller.idle();
    expect(actions.list()[0]!.percentileAfterNs).toBe(20n * BigInt(MS));
    expect(log).toHaveLength(2);
    // B stops: once its load leaves the window and the hold has passed, both are undone, audited as relaxing.
    for (let i = 14; i < 24; i++) controller.observe(records(i, "tenant-a", 5), window(i, 20, 10));
    await controller.idle();
    expect(log.slice(2)).toEqual(["undo limit tenant-b", "undo favour tenant-a"]);
    expect(actions.list().slice(0, 2).every((a) => a.relax && a.cause.startsWith("risk passed"))).toBe(true);
  });

  it("should act on a request of the application slower than the risk threshold alone, before its window closes, naming the innermost slow layer", async () => {
    const { actions, log, controller } = setup();
    for (let i = 0; i < 3; i++) controller.observe(records(i, "tenant-a", 5), window(i, 20, 10));
    const slow = (layer: core.Layer, ms: number) => telemetry.RequestRecord.fromPartial({
      layer, tenantId: "tenant-a", applicationId: "trading", startTimeUnixNano: T0 + 3n * WINDOW_NS, durationNs: BigInt(ms * MS),
    });
    controller.observe([...records(3, "tenant-b", 200), slow(core.Layer.LAYER_COMPUTE, 120), slow(core.Layer.LAYER_STORAGE, 95)], []);
    await controller.idle();
    expect(log).toEqual(["limit tenant-b", "favour tenant-a"]);
    expect(actions.list()[1]).toMatchObject({ causeLayer: core.Layer.LAYER_STORAGE, percentileBeforeNs: 95n * BigInt(MS) });
    expect(actions.list()[1]!.cause).toMatch(/^early warning: one trading request took 95\.0 ms in LAYER_STORAGE alone/);
  });

  it("should step a limit down while the risk stays and the limited tenant still presses against it, once per step interval, and relax to what was there before", async () => {
    const { actions, log, controller } = setup();
    for (let i = 0; i < 3; i++) controller.observe(records(i, "tenant-a", 5), window(i, 20, 10));
    // B loads storage (200 ops/s over the first window's second, 1000 after) and A's storage share grew in every window:
    // limited at 20 % of its rate, then stepped down by half once a second (five 200 ms windows) while it still presses
    // against the limit and A is still at risk.
    for (let i = 3; i < 14; i++) {
      controller.observe(records(i, "tenant-b", 200), window(i, 150, 140));
      await controller.idle();
    }
    expect(log).toEqual(["limit tenant-b", "favour tenant-a", "tighten tenant-b to 20", "tighten tenant-b to 10"]);
    const steps = actions.list().filter((a) => a.rpc.endsWith("/tighten")).reverse();
    expect(steps.map((a) => a.cause.match(/tenant-b still presses against its limit \(\d+ ops\/s against (\d+)\): stepped down to 50 % of it \(step (\d)\)/)?.slice(1))).toEqual([["40", "1"], ["20", "2"]]);
    expect(steps.every((a) => a.causeLayer === core.Layer.LAYER_STORAGE && a.targetTenantId === "tenant-b" && !a.relax)).toBe(true);
    // B stops and the risk passes: relaxing undoes the first limit (what was there before it), not each step.
    for (let i = 14; i < 24; i++) controller.observe(records(i, "tenant-a", 5), window(i, 20, 10));
    await controller.idle();
    expect(log.slice(4)).toEqual(["undo limit tenant-b", "undo favour tenant-a"]);
  });

  it("should limit a tenant whose request alone outlasted the risk threshold on a layer the application uses, before the application's requests show it, and never step down for it", async () => {
    const { actions, log, controller } = setup();
    for (let i = 0; i < 3; i++) controller.observe(records(i, "tenant-a", 5), window(i, 20, 10));
    // Slow requests of B on a layer the application has no calm share in, or refused ones, say nothing of its queue.
    controller.observe([...records(3, "tenant-b", 50, core.Layer.LAYER_ACCESS, 95), telemetry.RequestRecord.fromPartial({ ...records(3, "tenant-b", 1, core.Layer.LAYER_STORAGE, 95)[0], statusCode: 8 })], []);
    await controller.idle();
    expect(log).toEqual([]);
    controller.observe([...records(3, "tenant-b", 100), ...records(3, "tenant-b", 1, core.Layer.LAYER_STORAGE, 95)], []);
    await controller.idle();
    expect(log).toEqual(["limit tenant-b", "favour tenant-a"]);
    expect(actions.list()[1]).toMatchObject({ causeLayer: core.Layer.LAYER_STORAGE, targetTenantId: "tenant-b", percentileBeforeNs: 20n * BigInt(MS) });
    expect(actions.list()[1]!.cause).toMatch(/^crowding: one tenant-b request took 95\.0 ms in LAYER_STORAGE, which trading uses, above 80 % of the 100\.0 ms p99 target/);
    // Limited, B's requests are slow from waiting for their own limit: that is no reason to step the limit down.
    for (let i = 4; i < 14; i++) {
      controller.observe(records(i, "tenant-b", 200, core.Layer.LAYER_STORAGE, 95), window(i, 20, 10));
      await controller.idle();
    }
    expect(log).toHaveLength(2);
  });

  it("should watch a best-effort SLA without acting, and relax what it holds for an SLA that is deleted", async () => {
    const watched = setup(management.SlaPriority.SLA_PRIORITY_BEST_EFFORT);
    for (let i = 0; i < 3; i++) watched.controller.observe(records(i, "tenant-a", 5), window(i, 20, 10));
    watched.controller.observe(records(3, "tenant-b", 200), window(3, 150, 140));
    await watched.controller.idle();
    expect(watched.log).toEqual([]);

    const { slas, log, controller } = setup();
    for (let i = 0; i < 3; i++) controller.observe(records(i, "tenant-a", 5), window(i, 20, 10));
    controller.observe(records(3, "tenant-b", 200), window(3, 150, 140));
    await controller.idle();
    slas.delete("tenant-a", "trading", 99);
    await controller.idle();
    expect(log).toEqual(["limit tenant-b", "favour tenant-a", "undo limit tenant-b", "undo favour tenant-a"]);
  });
});
