import type { HopTime } from "./fabric-backend.js";

/** What a path's frames met over a window: how many, their mean path latency and the mean time at each hop. */
export interface PathFigures {
  frames: number;
  meanLatencyNs: number;
  /** Mean time at each hop, by hop id (hops no frame crossed are absent). */
  meanHopNs: ReadonlyMap<string, number>;
}

interface Bucket {
  index: number;
  frames: number;
  latencyNs: number;
  hopNs: Map<string, number>;
}

/** Buckets a window is cut into: memory per pair stays bounded whatever the traffic. */
const BUCKETS = 100;

/**
 * The frames each initiator-target pair delivered over a sliding window
 * (PathService.GetPath): sums kept in BUCKETS time buckets, so that a pair
 * costs the same memory at a frame a minute and at a million a second. A
 * frame counts until its bucket is entirely older than the window.
 */
export class PathWindows {
  private readonly pairs = new Map<string, Bucket[]>();
  private readonly bucketNs: bigint;

  constructor(readonly windowNs: bigint, private readonly now: () => bigint) {
    this.bucketNs = windowNs / BigInt(BUCKETS) || 1n;
  }

  /** Counts one delivered frame of a pair. */
  add(pair: string, latencyNs: number, hops: readonly HopTime[]): void {
    const index = Number(this.now() / this.bucketNs);
    const buckets = this.live(pair, index);
    let bucket = buckets.at(-1);
    if (!bucket || bucket.index !== index) {
      bucket = { index, frames: 0, latencyNs: 0, hopNs: new Map() };
      buckets.push(bucket);
    }
    bucket.frames += 1;
    bucket.latencyNs += latencyNs;
    for (const hop of hops) bucket.hopNs.set(hop.hopId, (bucket.hopNs.get(hop.hopId) ?? 0) + hop.latencyNs);
    this.pairs.set(pair, buckets);
  }

  /** The pair's figures over the window ending now. */
  figures(pair: string): PathFigures {
    const buckets = this.live(pair, Number(this.now() / this.bucketNs));
    let frames = 0;
    let latencyNs = 0;
    const hopNs = new Map<string, number>();
    for (const b of buckets) {
      frames += b.frames;
      latencyNs += b.latencyNs;
      for (const [hop, ns] of b.hopNs) hopNs.set(hop, (hopNs.get(hop) ?? 0) + ns);
    }
    const mean = (sum: number) => (frames > 0 ? sum / frames : 0);
    return { frames, meanLatencyNs: mean(latencyNs), meanHopNs: new Map([...hopNs].map(([hop, ns]) => [hop, mean(ns)])) };
  }

  /** Forgets a pair (unzoned, or a port gone). */
  forget(pair: string): void {
    this.pairs.delete(pair);
  }

  /** Forgets every pair of a port. */
  forgetPort(portId: string): void {
    for (const pair of this.pairs.keys()) if (pair.split("\u0000").includes(portId)) this.pairs.delete(pair);
  }

  /** The pair's buckets still within the window at bucket `index`, older ones dropped. */
  private live(pair: string, index: number): Bucket[] {
    const buckets = this.pairs.get(pair) ?? [];
    const oldest = index - BUCKETS;
    const kept = buckets.filter((b) => b.index >= oldest);
    if (kept.length !== buckets.length) this.pairs.set(pair, kept);
    return kept;
  }
}
