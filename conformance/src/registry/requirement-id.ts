/**
 * A requirement id of the spec: the page's prefix, an area and a number,
 * `TEL-STREAM-5` (docs/overview.md, "Keywords"). The docs mark each MUST,
 * MUST NOT and REQUIRED statement with one, `[TEL-STREAM-5]`.
 */
export const REQUIREMENT_ID = /^[A-Z][A-Z0-9]*-[A-Z][A-Z0-9]*-[1-9][0-9]*$/;

/**
 * Checks a list of requirement ids for `what` (well-formed, each once) and
 * returns it frozen; a TypeError names the first bad one.
 *
 * @example
 * requirementIds(["TEL-STREAM-1", "CORE-ERR-2"], 'check "Subscribe numbers messages"');
 */
export function requirementIds(ids: readonly string[], what: string): readonly string[] {
  const seen = new Set<string>();
  for (const id of ids) {
    if (!REQUIREMENT_ID.test(id)) throw new TypeError(`${what}: "${id}" is not a requirement id (PREFIX-AREA-N, for example TEL-STREAM-5)`);
    if (seen.has(id)) throw new TypeError(`${what}: covers ${id} twice`);
    seen.add(id);
  }
  return Object.freeze([...ids]);
}
