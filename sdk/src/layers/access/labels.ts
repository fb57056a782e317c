/** True when two label maps differ, whatever order their keys came in. */
export function differingLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length !== Object.keys(b).length || keys.some((k) => b[k] !== a[k]);
}
