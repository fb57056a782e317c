import { hub, type core } from "@strata/sdk/contracts";
import { descendantsCover } from "./descendants-cover.js";
import type { Hop } from "./hop.js";
import { scratchFor } from "./judge-scratch.js";

const Reason = hub.IncompleteReason;

/** A hop with what stitching computed for it. */
export interface JudgedHop extends Hop {
  /** Its duration minus the time its descendants cover within it (overlaps once), at least 0. */
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

type Writable<T> = { -readonly [K in keyof T]: T[K] };

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

/** Up to this many hops, spans are found by a linear scan: cheaper than a Map for the small trees most transactions are. */
const SCAN_LIMIT = 16;
const NO_PARENT = -1;
/** The reasons of every complete transaction: one shared empty list rather than one per retained transaction. */
const NO_REASONS: readonly hub.IncompleteReason[] = Object.freeze([]);
const ORPHAN = -2;

/** The index of the hop with this span among the first `count`, or -1. */
function findSpan(hops: readonly Hop[], count: number, index: Map<string, number> | undefined, spanKey: string): number {
  if (index) return index.get(spanKey) ?? -1;
  for (let i = 0; i < count; i++) if (hops[i]!.spanKey === spanKey) return i;
  return -1;
}

/**
 * Judges one transaction from its hops alone (docs/hub.md, "Stitching" and
 * "Completeness"): the tree by span and parent span, each hop's self time,
 * each layer's share, the critical path, and complete or incomplete with
 * every reason that applies. No clock, no I/O; it writes what it computed
 * for each hop into the hop itself (the hops are the transaction's).
 *
 * It runs for every transaction the hub sees, so it works on hop indexes in
 * plain arrays (a tree as first-child and next-sibling links) rather than on
 * Maps and Sets of span keys, and allocates little beyond what it returns.
 */
export function judgeTransaction(all: readonly Hop[], context: JudgeContext): JudgedTransaction {
  // Reasons as a bit set of their (small) enum values.
  let reasons = 0;
  const index = all.length > SCAN_LIMIT ? new Map<string, number>() : undefined;
  // The hops without a second record of a span: `all` itself until a duplicate shows, then a copy of the first ones.
  let kept: Hop[] | undefined;
  for (let i = 0; i < all.length; i++) {
    const hop = all[i]!;
    const count = kept ? kept.length : i;
    if (findSpan(kept ?? all, count, index, hop.spanKey) >= 0) {
      reasons |= 1 << Reason.INCOMPLETE_REASON_DUPLICATE_SPAN;
      kept ??= all.slice(0, i);
    } else {
      index?.set(hop.spanKey, count);
      kept?.push(hop);
    }
  }
  const hops = kept ?? all;
  const n = hops.length;
  let base = hops[0]!.startTimeUnixNano;
  for (let i = 1; i < n; i++) if (hops[i]!.startTimeUnixNano < base) base = hops[i]!.startTimeUnixNano;
  const work = scratchFor(n);
  const { starts, ends, parent, firstChild, lastChild, nextSibling, onPath, selfs, order } = work;
  firstChild.fill(-1, 0, n);
  lastChild.fill(-1, 0, n);
  nextSibling.fill(-1, 0, n);
  onPath.fill(0, 0, n);
  let roots = 0;
  let orphans = 0;
  let spanEnd = 0;
  for (let i = 0; i < n; i++) {
    const hop = hops[i]!;
    starts[i] = Number(hop.startTimeUnixNano - base);
    ends[i] = starts[i]! + hop.durationNs;
    if (ends[i]! > spanEnd) spanEnd = ends[i]!;
    if (hop.parentKey === "") {
      parent[i] = NO_PARENT;
      roots++;
      continue;
    }
    const p = hop.parentKey === hop.spanKey ? -1 : findSpan(hops, n, index, hop.parentKey);
    if (p < 0) {
      parent[i] = ORPHAN;
      orphans++;
      continue;
    }
    parent[i] = p;
    if (lastChild[p]! < 0) firstChild[p] = i;
    else nextSibling[lastChild[p]!] = i;
    lastChild[p] = i;
  }
  if (roots === 0) reasons |= 1 << Reason.INCOMPLETE_REASON_MISSING_ROOT;
  if (roots > 1) reasons |= 1 << Reason.INCOMPLETE_REASON_SEVERAL_ROOTS;
  if (orphans > 0) reasons |= 1 << Reason.INCOMPLETE_REASON_MISSING_PARENT;
  if (context.touched) reasons |= 1 << Reason.INCOMPLETE_REASON_GAP;
  if (context.evicted) reasons |= 1 << Reason.INCOMPLETE_REASON_EVICTED;
  if (context.droppedHops > 0) reasons |= 1 << Reason.INCOMPLETE_REASON_TOO_MANY_HOPS;

  // The head: the earliest root, else the earliest orphan, else the earliest hop (the first one on a tie).
  let root = -1;
  let orphan = -1;
  let any = -1;
  for (let i = 0; i < n; i++) {
    if (any < 0 || starts[i]! < starts[any]!) any = i;
    if (parent[i] === NO_PARENT && (root < 0 || starts[i]! < starts[root]!)) root = i;
    if (parent[i] === ORPHAN && (orphan < 0 || starts[i]! < starts[orphan]!)) orphan = i;
  }
  const head = root >= 0 ? root : orphan >= 0 ? orphan : any;

  // The critical path from the root down: at each hop the child that ended last (the longer one on a tie).
  const criticalPath: string[] = [];
  if (roots > 0) {
    for (let at = head, steps = 0; at >= 0 && steps < n; steps++) {
      onPath[at] = 1;
      criticalPath.push(hops[at]!.spanKey);
      let next = -1;
      for (let c = firstChild[at]!; c >= 0; c = nextSibling[c]!) {
        if (next < 0 || ends[c]! > ends[next]! || (ends[c] === ends[next] && hops[c]!.durationNs > hops[next]!.durationNs)) next = c;
      }
      at = next;
    }
  }

  // Each hop's self time, and each layer's share (a handful of layers: found by scan, then sorted by insertion).
  const { shareLayer, shareSelf, shareHops } = work;
  let layers = 0;
  for (let i = 0; i < n; i++) {
    const selfNs = Math.max(0, hops[i]!.durationNs - descendantsCover(i, n, work));
    selfs[i] = selfNs;
    const layer = hops[i]!.layer;
    let s = 0;
    while (s < layers && shareLayer[s] !== layer) s++;
    if (s === layers) {
      for (; s > 0 && shareLayer[s - 1]! > layer; s--) {
        shareLayer[s] = shareLayer[s - 1]!;
        shareSelf[s] = shareSelf[s - 1]!;
        shareHops[s] = shareHops[s - 1]!;
      }
      shareLayer[s] = layer;
      shareSelf[s] = 0;
      shareHops[s] = 0;
      layers++;
    }
    shareSelf[s] += selfNs;
    shareHops[s]! += 1;
  }
  const shares = new Array<ShareValue>(layers);
  for (let s = 0; s < layers; s++) shares[s] = { layer: shareLayer[s]!, selfNs: shareSelf[s]!, hops: shareHops[s]! };

  // The root first, then by start time (a stable sort: hop order on a tie).
  order[0] = head;
  for (let i = 0, k = 1; i < n; i++) {
    if (i === head) continue;
    // Insertion sort: stable, allocation-free, and quickest for the few hops of most transactions.
    let j = k++;
    while (j > 1 && starts[order[j - 1]!]! > starts[i]!) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = i;
  }
  const headHop = hops[head]!;
  const judged = new Array<JudgedHop>(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    // Each hop becomes its judged hop in place: the judged transaction is retained, and one object per hop (made by
    // hopOf() with every judged field already, so that its shape never changes) is half the allocation of two. Equal
    // keys share one string: the trace key the head's, a parent key its parent's span key.
    const hop = hops[i] as Writable<JudgedHop>;
    if (hop.traceKey === headHop.traceKey) hop.traceKey = headHop.traceKey;
    const p = parent[i]!;
    if (p >= 0) hop.parentKey = hops[p]!.spanKey;
    hop.late = hop.late ?? false;
    hop.selfNs = selfs[i]!;
    hop.critical = onPath[i] === 1;
    hop.orphan = p === ORPHAN;
    judged[k] = hop;
  }

  let reasonList: readonly hub.IncompleteReason[] = NO_REASONS;
  if (reasons !== 0) {
    const list: hub.IncompleteReason[] = [];
    for (let r = 0; reasons >> r; r++) if (reasons & (1 << r)) list.push(r);
    reasonList = list;
  }
  return {
    traceKey: headHop.traceKey,
    tenantId: headHop.tenantId,
    applicationId: headHop.applicationId,
    rootLayer: headHop.layer,
    complete: reasons === 0,
    reasons: reasonList,
    startTimeUnixNano: roots === 1 ? headHop.startTimeUnixNano : base,
    durationNs: roots === 1 ? headHop.durationNs : spanEnd,
    shares,
    hops: judged,
    criticalPath,
    judgedAtUnixNano: context.judgedAtUnixNano,
    lateRecords: 0,
    droppedHops: context.droppedHops,
  };
}
