import { formatReport } from "./format-report.js";
import type { HubReport } from "./hub-report.js";
import { runOnce, startStack } from "./run-stack.js";
import { withVendors, type StackConfig } from "./stack-config.js";

/** What must not change when a layer's vendor is swapped: per application, the layers of its breakdown and the node kinds of its graph. */
export type ReportShape = Record<string, { breakdownLayers: string[]; nodeKinds: string[]; judged: boolean }>;

export function shapeOf(report: HubReport): ReportShape {
  return Object.fromEntries(report.applications.map((a) => [`${a.tenantId}/${a.applicationId}`, {
    breakdownLayers: a.byLayer.map((l) => l.layer).sort(), nodeKinds: a.nodeKinds, judged: a.complete > 0n,
  }]));
}

/** The differences between two shapes, one line each; none when they match. */
export function shapeDifferences(before: ReportShape, after: ReportShape): string[] {
  const out: string[] = [];
  for (const app of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[app];
    const b = after[app];
    if (!a || !b) { out.push(`${app}: ${a ? "missing after the swap" : "only after the swap"}`); continue; }
    for (const key of ["breakdownLayers", "nodeKinds", "judged"] as const) {
      if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out.push(`${app}: ${key} ${JSON.stringify(a[key])} → ${JSON.stringify(b[key])}`);
    }
  }
  return out;
}

export interface SwapDemoResult {
  before: ReportShape;
  after: ReportShape;
  differences: string[];
  /** Both runs' workloads completed (some transactions, none failed) and the shapes match. */
  sameShape: boolean;
}

/** The layers the demo swaps, and to what. */
export const SWAP = { storage: "blockfile", network: "udpswitch" } as const;

/**
 * Swap under load: runs the workload on `config` with storage memstore and
 * the LAN softswitch, then on the same config with only those two lines
 * changed (blockfile, udpswitch), and compares what the hub answers.
 */
export async function runSwapDemo(config: StackConfig, options: { log?(line: string): void } = {}): Promise<SwapDemoResult> {
  const log = options.log ?? (() => {});
  const shapes: ReportShape[] = [];
  let completed = true;
  for (const [label, runConfig] of [
    ["before", withVendors(config, { storage: "memstore", network: "softswitch" })],
    ["after", withVendors(config, SWAP)],
  ] as const) {
    log(`\n${label} the swap: storage ${runConfig.layers.storage}, network ${runConfig.layers.network}`);
    const stack = await startStack(runConfig, { onDeath: (message) => log(`✗ ${message}`) });
    try {
      const { workload, report } = await runOnce(stack);
      log(formatReport(report, workload));
      completed &&= workload.ok > 0 && workload.failed === 0 && stack.deaths.length === 0;
      shapes.push(shapeOf(report));
    } finally {
      await stack.stop();
    }
  }
  const differences = shapeDifferences(shapes[0]!, shapes[1]!);
  const sameShape = completed && differences.length === 0;
  log(sameShape ? "\nsame shape: the same applications, layers in the breakdown and node kinds after the swap, and the workload completed"
    : `\nthe swap changed the hub's answers or the workload failed:\n${differences.join("\n")}`);
  return { before: shapes[0]!, after: shapes[1]!, differences, sameShape };
}
