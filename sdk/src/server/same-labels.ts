/**
 * Labels compared as sets of key-value pairs, whatever their order: the
 * label comparison of every idempotent create.
 *
 * @example
 * if (!sameLabels(existing.labels, request.labels)) differing.push("labels");
 */
export function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
}
