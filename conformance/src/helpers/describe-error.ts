import { isStrataError } from "@strata/sdk/client";
import { core, rpc } from "@strata/sdk/contracts";

/** The name of a gRPC status code ("NOT_FOUND"), or "code 42" for one the standard does not know. */
export function codeName(code: number): string {
  const name = rpc.codeToJSON(code);
  return name === "UNRECOGNIZED" ? `code ${code}` : name;
}

/** An error as a report shows it: `NOT_FOUND "volume x not found" (ERROR_REASON_RESOURCE_NOT_FOUND)`. */
export function describeError(error: unknown): string {
  if (isStrataError(error)) {
    const reason = error.reasonName === "ERROR_REASON_UNSPECIFIED" ? "" : ` (${error.reasonName})`;
    return `${codeName(error.code)} "${error.message}"${reason}`;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The name of a feature ("FEATURE_STORAGE_SNAPSHOTS"), or "feature 42" for one this suite does not know. */
export function featureName(feature: core.Feature): string {
  const name = core.featureToJSON(feature);
  return name === "UNRECOGNIZED" ? `feature ${feature}` : name;
}
