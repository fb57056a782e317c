import type { core, telemetry } from "@strata/sdk/contracts";
import type { Load } from "./layer-control.js";

interface Entry {
  atNs: bigint;
  layer: core.Layer;
  tenantId: string;
  applicationId: string;
  bytes: number;
}

/** A tenant's load on one layer over the window, and its share of the layer's operations. */
export interface Competitor extends Load {
  tenantId: string;
  /** Its fraction of all the layer's operations in the window, 0 to 1. */
  share: number;
}

/**
 * Who loads each layer: the request records of the hub's stream over a
 * sliding window (by their start time), counted per layer and tenant.
 * Memory follows the records of one window.
 */
export class LayerLoad {
  private readonly entries: Entry[] = [];
  private latestNs = 0n;

  constructor(private readonly windowNs: bigint = 2_000_000_000n) {}

  add(records: readonly telemetry.RequestRecord[]): void {
    for (const r of records) {
      this.entries.push({ atNs: r.startTimeUnixNano, layer: r.layer, tenantId: r.tenantId, applicationId: r.applicationId, bytes: Number(r.payloadBytes) });
      if (r.startTimeUnixNano > this.latestNs) this.latestNs = r.startTimeUnixNano;
    }
    this.dropOld();
  }

  /** The hub's time moved on with no record (a heartbeat): the window slides, and a tenant that stopped stops counting. */
  advance(nowNs: bigint): void {
    if (nowNs <= this.latestNs) return;
    this.latestNs = nowNs;
    this.dropOld();
  }

  private dropOld(): void {
    const from = this.latestNs - this.windowNs;
    let drop = 0;
    while (drop < this.entries.length && this.entries[drop]!.atNs < from) drop++;
    if (drop > 0) this.entries.splice(0, drop);
  }

  /** One tenant's load on a layer over the window. */
  of(layer: core.Layer, tenantId: string): Load {
    const seconds = Number(this.windowNs) / 1e9;
    let ops = 0;
    let bytes = 0;
    for (const e of this.entries) if (e.layer === layer && e.tenantId === tenantId) { ops++; bytes += e.bytes; }
    return { opsPerSecond: ops / seconds, bytesPerSecond: bytes / seconds };
  }

  /** The tenants other than `exclude` loading a layer, heaviest first, with at least `minShare` of its operations. */
  competitors(layer: core.Layer, exclude: ReadonlySet<string>, minShare = 0.1): Competitor[] {
    const seconds = Number(this.windowNs) / 1e9;
    const byTenant = new Map<string, { ops: number; bytes: number }>();
    let total = 0;
    for (const e of this.entries) {
      if (e.layer !== layer) continue;
      total++;
      const t = byTenant.get(e.tenantId) ?? { ops: 0, bytes: 0 };
      t.ops++;
      t.bytes += e.bytes;
      byTenant.set(e.tenantId, t);
    }
    return [...byTenant]
      .filter(([tenantId, t]) => tenantId !== "" && !exclude.has(tenantId) && t.ops / total >= minShare)
      .map(([tenantId, t]) => ({ tenantId, share: t.ops / total, opsPerSecond: t.ops / seconds, bytesPerSecond: t.bytes / seconds }))
      .sort((a, b) => b.share - a.share);
  }
}
