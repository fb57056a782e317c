import type { StrataError } from "@strata/sdk/client";
import { core, rpc } from "@strata/sdk/contracts";
import type { CheckContext } from "../runner/check-context.js";

/**
 * Asserts INVALID_ARGUMENT whose google.rpc.BadRequest names `field` (its
 * proto path, "page.page_size"), as the overview's error details require.
 *
 * @example
 * await expectInvalidField(t, list({ pageSize: -1, pageToken: "" }), "page.page_size", "a List with page_size -1");
 */
export async function expectInvalidField(t: CheckContext, call: Promise<unknown>, field: string, what: string): Promise<StrataError> {
  const error = await t.expectCode(call, rpc.Code.INVALID_ARGUMENT, what, core.ErrorReason.ERROR_REASON_INVALID_FIELD);
  const named = error.fieldViolations.map((v) => v.field);
  t.ensure(named.includes(field), `${what}: the BadRequest details name ${named.length ? `[${named.join(", ")}]` : "no field"}; `
    + `the standard requires a field violation naming "${field}"`);
  return error;
}
