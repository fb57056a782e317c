import { isStrataError } from "@strata/sdk/client";

/**
 * The fields a message fills (non-empty, non-zero), sorted: what a tool that
 * reads it sees, whatever the values. `mayBeZero` lists fields the spec lets be
 * 0 or empty on a conformant endpoint (an idle pool's allocated_bytes): they
 * count as filled whatever their value, so that only a field the spec fixes
 * can differ.
 */
export function filledFields(message: object | undefined, mayBeZero: readonly string[] = []): string {
  if (!message) return "(none)";
  const isSet = (value: unknown) => value !== undefined && value !== "" && value !== 0 && value !== 0n && value !== false
    && !(Array.isArray(value) && value.length === 0)
    && !(typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value) && Object.keys(value).length === 0);
  return Object.entries(message).filter(([key, value]) => mayBeZero.includes(key) || isSet(value)).map(([key]) => key).sort().join(",");
}

/** The fields a failed call's BadRequest names ("[a,b]"), "OK" when it succeeded, or that it failed without a gRPC status. */
export async function violatedFields(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (error) {
    return isStrataError(error) ? `[${error.fieldViolations.map((v) => v.field).sort().join(",")}]` : "no gRPC status";
  }
}

/** A condition as a swap value. */
export const yesNo = (condition: boolean): string => (condition ? "yes" : "no");
