/** The finest resolution OTLP allows: base = 2^(2^-20). */
export const MAX_SCALE = 20;
/** The coarsest resolution OTLP allows: base = 2^1024. */
export const MIN_SCALE = -10;

const SUB_BUCKETS = 2 ** MAX_SCALE;
const SCALE_FACTOR = Math.LOG2E * SUB_BUCKETS;
// Index of the bucket holding the smallest normal double; subnormals fall in it too.
const MIN_NORMAL_INDEX = -1022 * SUB_BUCKETS - 1;

// A shared view onto one double's IEEE 754 bits (all Node targets are little-endian).
const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);

/**
 * The bucket index of a positive finite value at MAX_SCALE, where bucket i
 * covers (base^i, base^(i+1)].
 *
 * Every coarser index is derived from this one by an arithmetic shift (see
 * indexAt), so that indices at different scales always agree: downscaling a
 * histogram then gives exactly the buckets that recording at the lower scale
 * would have given, which is what makes merge exact.
 *
 * The octave comes from the exponent bits, so it is exact. The only bucket
 * boundaries a double can hold exactly are powers of two (every other
 * boundary 2^(i/2^20) is irrational); those are special-cased so a power of
 * two falls in the bucket it closes. Inside an octave, a logarithm of the
 * significand places the value, wrong only within ~1e-10 bucket widths of an
 * (irrational, so never hit exactly) boundary.
 */
export function indexAtMaxScale(value: number): number {
  float[0] = value;
  const high = words[1];
  const biasedExponent = (high >>> 20) & 0x7ff;
  if (biasedExponent === 0) return MIN_NORMAL_INDEX;
  const exponent = biasedExponent - 1023;
  const mantissaHigh = high & 0xfffff;
  if (mantissaHigh === 0 && words[0] === 0) return exponent * SUB_BUCKETS - 1;
  // Rebuild the significand in [1, 2) by giving the same mantissa exponent 0.
  words[1] = (1023 << 20) | mantissaHigh;
  const sub = Math.floor(Math.log(float[0]) * SCALE_FACTOR);
  return exponent * SUB_BUCKETS + (sub < SUB_BUCKETS ? sub : SUB_BUCKETS - 1);
}

/** The bucket index of a positive finite value at a scale in [MIN_SCALE, MAX_SCALE]. */
export function indexAt(value: number, scale: number): number {
  return indexAtMaxScale(value) >> (MAX_SCALE - scale);
}

/** base^position at a scale, where position may be fractional (used to interpolate). */
export function boundaryAt(position: number, scale: number): number {
  return 2 ** (position / 2 ** scale);
}
