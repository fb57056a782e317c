/** Per-hop working arrays, reused by every judgement (it never re-enters itself) and grown as needed. */
export interface Scratch {
  /** Start and end offsets from the earliest start, ns: BigInt arithmetic allocates, so it is done once per hop. */
  starts: Float64Array;
  ends: Float64Array;
  /** The tree: each hop's parent index (or NO_PARENT, ORPHAN), its children as first-child / next-sibling links in hop order. */
  parent: Int32Array;
  firstChild: Int32Array;
  lastChild: Int32Array;
  nextSibling: Int32Array;
  onPath: Uint8Array;
  selfs: Float64Array;
  /** Hop indexes in the order of the judged hops. */
  order: Int32Array;
  /** The layers' shares so far, in layer order. */
  shareLayer: Int32Array;
  shareSelf: Float64Array;
  shareHops: Int32Array;
  /** descendantsCover(): the clipped intervals, the sibling lists still to walk, and which hop's children it walked, by stamp. */
  coverStarts: Float64Array;
  coverEnds: Float64Array;
  pending: Int32Array;
  walked: Int32Array;
  stamp: number;
}

let scratch: Scratch | undefined;

export function scratchFor(n: number): Scratch {
  if (!scratch || scratch.starts.length < n) {
    const size = Math.max(64, n);
    scratch = {
      starts: new Float64Array(size), ends: new Float64Array(size), parent: new Int32Array(size), firstChild: new Int32Array(size),
      lastChild: new Int32Array(size), nextSibling: new Int32Array(size), onPath: new Uint8Array(size), selfs: new Float64Array(size),
      order: new Int32Array(size), shareLayer: new Int32Array(size), shareSelf: new Float64Array(size), shareHops: new Int32Array(size),
      coverStarts: new Float64Array(size), coverEnds: new Float64Array(size), pending: new Int32Array(size + 1), walked: new Int32Array(size),
      stamp: 0,
    };
  }
  return scratch;
}
