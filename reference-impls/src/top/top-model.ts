import type { SubscribeEvent } from "@strata/sdk/client";
import type { telemetry } from "@strata/sdk/contracts";
import { ExponentialHistogram } from "@strata/sdk/server";

/** The hub's derived metrics the view is computed from (docs/hub.md, "Derived samples"). */
export const TOP_METRICS = {
  latency: "strata.hub.transaction.latency",
  layerTime: "strata.hub.transaction.layer_time",
  count: "strata.hub.transaction.count",
} as const;

/** One layer's part of an application's transactions over the window. */
export interface LayerFigure {
  /** The layer, lower case ("storage"). */
  readonly layer: string;
  /** p99 of the layer's share of each complete transaction with a hop in it, ns. */
  readonly p99Ns: number;
  /** The mean of that share, ns. */
  readonly meanNs: number;
}

/** One application's row. */
export interface ApplicationFigure {
  readonly applicationId: string;
  /** Complete transactions judged within the window. */
  readonly windowCount: number;
  /** End-to-end p99 of the complete transactions judged within the window, ns; undefined without any. */
  readonly p99Ns: number | undefined;
  /** The split by layer, in layer order. */
  readonly layers: readonly LayerFigure[];
  /** Transactions judged since the hub began counting them (cumulative counters), complete and incomplete. */
  readonly complete: number;
  readonly incomplete: number;
}

/** What the view shows: applications by tenant, and the state of the stream it is computed from. */
export interface TopView {
  readonly tenants: ReadonlyArray<{ readonly tenantId: string; readonly applications: readonly ApplicationFigure[] }>;
  /** Every layer any application has a share in, in layer order: the columns of the split. */
  readonly layers: readonly string[];
  readonly stream: { readonly synced: boolean; readonly gaps: number; readonly reconnects: number; readonly logId: string };
  /** The newest sample time seen, UNIX ns (0 before any): the window ends there. */
  readonly asOfUnixNano: bigint;
}

/** What the model keeps per application. */
interface AppState {
  /** Per breakdown interval (by its end time): the end-to-end histogram and each layer's. */
  readonly intervals: Map<bigint, { endToEnd: ExponentialHistogram; layers: Map<string, ExponentialHistogram> }>;
  /** Latest cumulative count per (root layer, completeness) series. */
  readonly counts: Map<string, { completeness: string; value: number }>;
}

const LAYER_ORDER = ["device", "access", "compute", "network", "fabric", "storage"];
const layerName = (attribute: string | undefined) => (attribute ?? "").replace(/^LAYER_/, "").toLowerCase() || "unknown";
const byLayer = (a: string, b: string) => (LAYER_ORDER.indexOf(a) + 1 || 99) - (LAYER_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b);

/**
 * The live view of `strata top`, computed from nothing but the hub's stream
 * (and the applications ListApplications named at start): a pure model, fed
 * the events of a Subscribe to the hub's derived metrics. Latencies cover
 * the last `windowNs` of breakdown intervals, counting back from the
 * newest sample seen, so that the same events always give the same view.
 *
 * @example
 * const model = createTopModel({ windowNs: 60_000_000_000n });
 * for await (const event of subscribe(hub.telemetry.raw, TOP_REQUEST)) { model.apply(event); render(model.view()); }
 */
export function createTopModel(options: { windowNs?: bigint } = {}) {
  const windowNs = options.windowNs ?? 60_000_000_000n;
  const apps = new Map<string, Map<string, AppState>>();
  const stream = { synced: false, gaps: 0, reconnects: 0, logId: "" };
  let asOf = 0n;

  const appOf = (tenantId: string, applicationId: string): AppState => {
    let tenant = apps.get(tenantId);
    if (!tenant) apps.set(tenantId, (tenant = new Map()));
    let app = tenant.get(applicationId);
    if (!app) tenant.set(applicationId, (app = { intervals: new Map(), counts: new Map() }));
    return app;
  };

  function ingest(sample: telemetry.MetricSample): void {
    if (!Object.values(TOP_METRICS).includes(sample.metric as never) || sample.applicationId === "") return;
    const app = appOf(sample.tenantId, sample.applicationId);
    if (sample.timeUnixNano > asOf) asOf = sample.timeUnixNano;
    if (sample.metric === TOP_METRICS.count) {
      const completeness = sample.attributes.completeness ?? "";
      app.counts.set(`${sample.attributes.layer ?? ""}\u0000${completeness}`, { completeness, value: sample.counter?.value ?? 0 });
      return;
    }
    if (!sample.histogram) return;
    let interval = app.intervals.get(sample.timeUnixNano);
    if (!interval) app.intervals.set(sample.timeUnixNano, (interval = { endToEnd: new ExponentialHistogram(), layers: new Map() }));
    const histogram = ExponentialHistogram.fromProto(sample.histogram);
    if (sample.metric === TOP_METRICS.latency) {
      interval.endToEnd.merge(histogram);
    } else {
      const layer = layerName(sample.attributes.layer);
      const held = interval.layers.get(layer);
      if (held) held.merge(histogram);
      else interval.layers.set(layer, histogram);
    }
  }

  /** Forgets the intervals that ended before the window. */
  function prune(): void {
    for (const tenant of apps.values()) {
      for (const app of tenant.values()) {
        for (const end of app.intervals.keys()) if (end + windowNs <= asOf) app.intervals.delete(end);
      }
    }
  }

  function figure(applicationId: string, app: AppState): ApplicationFigure {
    const endToEnd = new ExponentialHistogram();
    const layers = new Map<string, ExponentialHistogram>();
    for (const interval of app.intervals.values()) {
      endToEnd.merge(interval.endToEnd);
      for (const [layer, histogram] of interval.layers) {
        const held = layers.get(layer) ?? new ExponentialHistogram();
        held.merge(histogram);
        layers.set(layer, held);
      }
    }
    const total = (completeness: string) => [...app.counts.values()].filter((c) => c.completeness === completeness).reduce((sum, c) => sum + c.value, 0);
    return {
      applicationId,
      windowCount: endToEnd.count,
      p99Ns: endToEnd.count === 0 ? undefined : endToEnd.quantile(0.99),
      layers: [...layers].filter(([, h]) => h.count > 0).sort(([a], [b]) => byLayer(a, b))
        .map(([layer, h]) => ({ layer, p99Ns: h.quantile(0.99), meanNs: h.sum / h.count })),
      complete: total("complete"),
      incomplete: total("incomplete"),
    };
  }

  return {
    /** Takes one event of the hub's stream. */
    apply(event: SubscribeEvent): void {
      switch (event.type) {
        case "batch":
          for (const sample of event.samples) ingest(sample);
          stream.logId = event.logId;
          prune();
          break;
        case "sync":
          stream.synced = true;
          stream.logId = event.logId;
          break;
        case "gap":
          stream.gaps++;
          break;
        case "reconnecting":
          stream.synced = false;
          stream.reconnects++;
          break;
        default:
          break;
      }
    },
    /** Names applications the stream has said nothing of yet (ListApplications, at start): they show with empty figures. */
    know(applications: ReadonlyArray<{ tenantId: string; applicationId: string }>): void {
      for (const a of applications) appOf(a.tenantId, a.applicationId);
    },
    view(): TopView {
      const tenants = [...apps].sort(([a], [b]) => a.localeCompare(b)).map(([tenantId, tenant]) => ({
        tenantId,
        applications: [...tenant].sort(([a], [b]) => a.localeCompare(b)).map(([id, app]) => figure(id, app)),
      }));
      const layers = [...new Set(tenants.flatMap((t) => t.applications.flatMap((a) => a.layers.map((l) => l.layer))))].sort(byLayer);
      return { tenants, layers, stream: { ...stream }, asOfUnixNano: asOf };
    },
  };
}

/** The model `createTopModel` returns. */
export type TopModel = ReturnType<typeof createTopModel>;
