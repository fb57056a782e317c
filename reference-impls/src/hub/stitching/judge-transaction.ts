import { hub, type core } from "@strata/sdk/contracts";
import { coveredTime, type Interval } from "./covered-time.js";
import type { Hop } from "./hop.js";

const Reason = hub.IncompleteReason;

/** A hop with what stitching computed for it. */
export interface JudgedHop extends Hop {
  /** Its duration minus the time its children cover (overlaps once), at least 0. */
  readonly selfNs: number;
  readonly critical: boolean;
  /** Its parent span is not in the transaction. */
  readonly orphan: boolean;
}

/** One layer's share of a transaction. */
export interface ShareValue {
  readonly layer: core.Layer;
  readonly selfNs: number;
  readonly hops: number;
}

/** A transaction the hub judged: its verdict, latency, shares and tree. */
export interface JudgedTransaction {
  readonly traceKey: string;
  readonly tenantId: string;
  readonly applicationId: string;
  readonly rootLayer: core.Layer;
  readonly complete: boolean;
  readonly reasons: readonly hub.IncompleteReason[];
  readonly startTimeUnixNano: bigint;
  /** The root's duration; without exactly one root, earliest start to latest end. */
  readonly durationNs: number;
  /** In Layer order. */
  readonly shares: readonly ShareValue[];
  /** The root first, then by start time. */
  readonly hops: JudgedHop[];
  /** Span keys from the root down, at each hop the child that ended last. */
  readonly criticalPath: readonly string[];
  readonly judgedAtUnixNano: bigint;
  lateRecords: number;
  readonly droppedHops: number;
}

/** What the table knows of a transaction besides its hops. */
export interface JudgeContext {
  /** A disturbance of some endpoint's stream overlapped the transaction's window. */
  touched: boolean;
  /** Judged before its settle window ended, to keep the open transactions within their cap. */
  evicted: boolean;
  /** Hops left out at the hop cap. */
  droppedHops: number;
  judgedAtUnixNano: bigint;
}

/**
 * Judges one transaction from its hops alone (docs/hub.md, "Stitching" and
 * "Completeness"): the tree by span and parent span, each hop's self time,
 * each layer's share, the critical path, and complete or incomplete with
 * every reason that applies. Pure: no clock, no I/O.
 */
export function judgeTransaction(all: readonly Hop[], context: JudgeContext): JudgedTransaction {
  const reasons = new Set<hub.IncompleteReason>();
  const bySpan = new Map<string, Hop>();
  for (const hop of all) {
    if (bySpan.has(hop.spanKey)) reasons.add(Reason.INCOMPLETE_REASON_DUPLICATE_SPAN);
    else bySpan.set(hop.spanKey, hop);
  }
  const hops = [...bySpan.values()];
  let base = hops[0]!.startTimeUnixNano;
  for (const hop of hops) if (hop.startTimeUnixNano < base) base = hop.startTimeUnixNano;
  // Start offsets from the earliest start, computed once: BigInt arithmetic allocates, and sorts would repeat it.
  const starts = new Map<string, number>();
  for (const hop of hops) starts.set(hop.spanKey, Number(hop.startTimeUnixNano - base));
  const startOf = (hop: Hop) => starts.get(hop.spanKey)!;
  const endOf = (hop: Hop) => starts.get(hop.spanKey)! + hop.durationNs;

  const children = new Map<string, Hop[]>();
  const roots: Hop[] = [];
  const orphans = new Set<Hop>();
  for (const hop of hops) {
    if (hop.parentKey === "") roots.push(hop);
    else if (!bySpan.has(hop.parentKey) || hop.parentKey === hop.spanKey) orphans.add(hop);
    else {
      const list = children.get(hop.parentKey);
      if (list) list.push(hop);
      else children.set(hop.parentKey, [hop]);
    }
  }
  if (roots.length === 0) reasons.add(Reason.INCOMPLETE_REASON_MISSING_ROOT);
  if (roots.length > 1) reasons.add(Reason.INCOMPLETE_REASON_SEVERAL_ROOTS);
  if (orphans.size > 0) reasons.add(Reason.INCOMPLETE_REASON_MISSING_PARENT);
  if (context.touched) reasons.add(Reason.INCOMPLETE_REASON_GAP);
  if (context.evicted) reasons.add(Reason.INCOMPLETE_REASON_EVICTED);
  if (context.droppedHops > 0) reasons.add(Reason.INCOMPLETE_REASON_TOO_MANY_HOPS);

  const earliest = (list: Iterable<Hop>) => {
    let first: Hop | undefined;
    for (const hop of list) if (!first || startOf(hop) < startOf(first)) first = hop;
    return first;
  };
  const head = earliest(roots) ?? earliest(orphans) ?? earliest(hops)!;
  const critical = roots.length > 0 ? criticalPath(head, children, endOf) : [];
  const onPath = new Set(critical);

  const shares = new Map<core.Layer, { selfNs: number; hops: number }>();
  const judged: JudgedHop[] = hops.map((hop) => {
    const covered = coveredTime((children.get(hop.spanKey) ?? []).map((c): Interval => [startOf(c), endOf(c)]));
    const selfNs = Math.max(0, hop.durationNs - covered);
    const share = shares.get(hop.layer) ?? { selfNs: 0, hops: 0 };
    share.selfNs += selfNs;
    share.hops += 1;
    shares.set(hop.layer, share);
    // Every field written out: an object literal of a fixed shape is far cheaper than a spread of the hop.
    return {
      traceKey: hop.traceKey, spanKey: hop.spanKey, parentKey: hop.parentKey, layer: hop.layer, operation: hop.operation,
      resourceId: hop.resourceId, tenantId: hop.tenantId, applicationId: hop.applicationId, startTimeUnixNano: hop.startTimeUnixNano,
      durationNs: hop.durationNs, statusCode: hop.statusCode, late: hop.late ?? false,
      selfNs, critical: onPath.has(hop.spanKey), orphan: orphans.has(hop),
    };
  });
  judged.sort((a, b) => (a.spanKey === head.spanKey ? -1 : b.spanKey === head.spanKey ? 1 : startOf(a) - startOf(b)));

  let spanEnd = 0;
  for (const hop of hops) spanEnd = Math.max(spanEnd, endOf(hop));
  return {
    traceKey: head.traceKey,
    tenantId: head.tenantId,
    applicationId: head.applicationId,
    rootLayer: head.layer,
    complete: reasons.size === 0,
    reasons: [...reasons].sort((a, b) => a - b),
    startTimeUnixNano: roots.length === 1 ? head.startTimeUnixNano : base,
    durationNs: roots.length === 1 ? head.durationNs : spanEnd,
    shares: [...shares].sort(([a], [b]) => a - b).map(([layer, s]) => ({ layer, ...s })),
    hops: judged,
    criticalPath: critical,
    judgedAtUnixNano: context.judgedAtUnixNano,
    lateRecords: 0,
    droppedHops: context.droppedHops,
  };
}

/** From the root down, at each hop the child that ended last (the longer one on a tie). */
function criticalPath(root: Hop, children: ReadonlyMap<string, Hop[]>, endOf: (hop: Hop) => number): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  for (let hop: Hop | undefined = root; hop && !seen.has(hop.spanKey); ) {
    seen.add(hop.spanKey);
    path.push(hop.spanKey);
    let next: Hop | undefined;
    for (const child of children.get(hop.spanKey) ?? []) {
      if (!next || endOf(child) > endOf(next) || (endOf(child) === endOf(next) && child.durationNs > next.durationNs)) next = child;
    }
    hop = next;
  }
  return path;
}
