/**
 * Any report (conformance or swap) as JSON; 64-bit values (bigint) become
 * decimal strings, as in the proto3 JSON mapping.
 */
export function formatJson(report: object): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2)}\n`;
}
