import type { StrataError } from "@strata/sdk/client";
import { core, rpc } from "@strata/sdk/contracts";
import { type StorageContext } from "../storage-checks.js";

/**
 * Asserts INVALID_ARGUMENT whose google.rpc.BadRequest names `field` (its
 * proto path, "page.page_size"), as the overview's error details require.
 *
 * @example
 * await expectInvalidField(t, t.tenantA.volumes.getVolume({ volumeId: "" }), "volume_id", "GetVolume without volume_id");
 */
export async function expectInvalidField(t: StorageContext, call: Promise<unknown>, field: string, what: string): Promise<StrataError> {
  const error = await t.expectCode(call, rpc.Code.INVALID_ARGUMENT, what, core.ErrorReason.ERROR_REASON_INVALID_FIELD);
  const named = error.fieldViolations.map((v) => v.field);
  t.ensure(named.includes(field), `${what}: the BadRequest details name ${named.length ? `[${named.join(", ")}]` : "no field"}; `
    + `the standard requires a field violation naming "${field}"`);
  return error;
}
