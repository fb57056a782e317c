import type { SubscribeEvent } from "@strata/sdk/client";
import { telemetry } from "@strata/sdk/contracts";
import { ExponentialHistogram } from "@strata/sdk/server";
import { describe, expect, it } from "vitest";
import { createTopModel, TOP_METRICS } from "./top-model.js";

const S = 1_000_000_000n;
const MS = 1_000_000;

function histogram(...valuesNs: number[]): telemetry.ExponentialHistogram {
  const h = new ExponentialHistogram();
  for (const v of valuesNs) h.record(v);
  return h.toProto();
}

/** A derived sample of the hub, as docs/hub.md names it. */
function sample(metric: string, app: string, at: bigint, attributes: Record<string, string>, value: { histogram?: telemetry.ExponentialHistogram; count?: number }, tenant = "tenant-a") {
  return telemetry.MetricSample.fromPartial({
    metric, tenantId: tenant, applicationId: app, resourceId: `application:${tenant}/${app}`, attributes,
    startTimeUnixNano: at - S, timeUnixNano: at,
    ...(value.histogram ? { histogram: value.histogram } : { counter: { value: value.count ?? 0, seriesStartTimeUnixNano: 1n } }),
  });
}

const batch = (...samples: telemetry.MetricSample[]): SubscribeEvent => ({ type: "batch", records: [], samples, watermark: 1n, logId: "log-1" });

describe("createTopModel()", () => {
  it("should show an application's end-to-end p99, its split by layer and its counts, from the hub's derived samples", () => {
    const model = createTopModel();
    model.apply(batch(
      sample(TOP_METRICS.latency, "shop", 10n * S, { layer: "LAYER_COMPUTE" }, { histogram: histogram(10 * MS, 12 * MS, 100 * MS) }),
      sample(TOP_METRICS.layerTime, "shop", 10n * S, { layer: "LAYER_COMPUTE" }, { histogram: histogram(4 * MS, 4 * MS, 4 * MS) }),
      sample(TOP_METRICS.layerTime, "shop", 10n * S, { layer: "LAYER_STORAGE" }, { histogram: histogram(6 * MS, 8 * MS, 96 * MS) }),
      sample(TOP_METRICS.count, "shop", 10n * S, { layer: "LAYER_COMPUTE", completeness: "complete" }, { count: 3 }),
      sample(TOP_METRICS.count, "shop", 10n * S, { layer: "LAYER_COMPUTE", completeness: "incomplete" }, { count: 2 }),
    ));
    model.apply({ type: "sync", sequence: 1n, watermark: 1n, logId: "log-1" });
    const view = model.view();
    expect(view.stream).toEqual({ synced: true, gaps: 0, reconnects: 0, logId: "log-1" });
    expect(view.layers).toEqual(["compute", "storage"]);
    const [shop] = view.tenants[0]!.applications;
    expect(view.tenants.map((t) => t.tenantId)).toEqual(["tenant-a"]);
    expect([shop!.applicationId, shop!.windowCount, shop!.complete, shop!.incomplete]).toEqual(["shop", 3, 3, 2]);
    // p99 within one bucket's width of the largest value
    expect(shop!.p99Ns! / (100 * MS)).toBeCloseTo(1, 1);
    expect(shop!.layers.map((l) => [l.layer, Math.round(l.meanNs / MS)])).toEqual([["compute", 4], ["storage", 37]]);
  });

  it("should merge the intervals of the window and forget those that ended before it", () => {
    const model = createTopModel({ windowNs: 10n * S });
    model.apply(batch(sample(TOP_METRICS.latency, "shop", 1n * S, { layer: "LAYER_DEVICE" }, { histogram: histogram(500 * MS) })));
    model.apply(batch(sample(TOP_METRICS.latency, "shop", 5n * S, { layer: "LAYER_DEVICE" }, { histogram: histogram(5 * MS) })));
    expect(model.view().tenants[0]!.applications[0]!.windowCount).toBe(2);
    model.apply(batch(sample(TOP_METRICS.latency, "shop", 12n * S, { layer: "LAYER_DEVICE" }, { histogram: histogram(5 * MS) })));
    const shop = model.view().tenants[0]!.applications[0]!;
    expect(shop.windowCount).toBe(2);
    expect(shop.p99Ns! / (5 * MS)).toBeCloseTo(1, 1);
  });

  it("should sum the latest cumulative counts over root layers, and group applications by tenant in order", () => {
    const model = createTopModel();
    model.know([{ tenantId: "tenant-b", applicationId: "idle" }]);
    model.apply(batch(
      sample(TOP_METRICS.count, "web", 1n * S, { layer: "LAYER_DEVICE", completeness: "complete" }, { count: 5 }),
      sample(TOP_METRICS.count, "web", 2n * S, { layer: "LAYER_DEVICE", completeness: "complete" }, { count: 7 }),
      sample(TOP_METRICS.count, "web", 2n * S, { layer: "LAYER_ACCESS", completeness: "complete" }, { count: 1 }),
      sample("strata.storage.volume.ops", "web", 2n * S, {}, { count: 99 }),
    ));
    const view = model.view();
    expect(view.tenants.map((t) => [t.tenantId, t.applications.map((a) => [a.applicationId, a.complete, a.p99Ns])]))
      .toEqual([["tenant-a", [["web", 8, undefined]]], ["tenant-b", [["idle", 0, undefined]]]]);
  });

  it("should count gaps and reconnections of the stream", () => {
    const model = createTopModel();
    model.apply({ type: "sync", sequence: 1n, watermark: 1n, logId: "log-1" });
    model.apply({ type: "gap", gap: telemetry.Gap.fromPartial({ reason: telemetry.GapReason.GAP_REASON_SLOW_SUBSCRIBER }), watermark: 2n, logId: "log-1" });
    model.apply({ type: "reconnecting", attempt: 1, error: new Error("down") as never, delayMs: 100 });
    expect(model.view().stream).toEqual({ synced: false, gaps: 1, reconnects: 1, logId: "log-1" });
  });
});
