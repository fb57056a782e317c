import { isStrataError, type StrataError } from "@strata/sdk/client";
import { core, rpc } from "@strata/sdk/contracts";
import { CheckFailure } from "./check-errors.js";
import { codeName, describeError } from "../helpers/describe-error.js";

/**
 * Awaits a call and asserts its exact gRPC status code (and, when given, the
 * ErrorInfo reason). Resolves to the response for OK, to the error otherwise.
 *
 * @example
 * await expectCode(t.tenantB.volumes.getVolume({ volumeId }), rpc.Code.NOT_FOUND, "GetVolume of tenant A's volume as tenant B");
 * // fails with: GetVolume of tenant A's volume as tenant B: expected NOT_FOUND, got OK
 */
export function expectCode<T>(call: Promise<T>, code: rpc.Code.OK, what: string): Promise<T>;
export function expectCode(call: Promise<unknown>, code: rpc.Code, what: string, reason?: core.ErrorReason): Promise<StrataError>;
export async function expectCode(call: Promise<unknown>, code: rpc.Code, what: string, reason?: core.ErrorReason): Promise<unknown> {
  let response: unknown;
  try {
    response = await call;
  } catch (error) {
    if (!isStrataError(error)) throw new CheckFailure(`${what}: expected ${codeName(code)}, got a failure that is not a gRPC status: ${describeError(error)}`);
    if (Number(error.code) !== code) throw new CheckFailure(`${what}: expected ${codeName(code)}, got ${describeError(error)}`);
    if (reason !== undefined && error.reason !== reason) {
      throw new CheckFailure(`${what}: expected reason ${core.errorReasonToJSON(reason)} with ${codeName(code)}, got ${describeError(error)}`);
    }
    return error;
  }
  if (code !== rpc.Code.OK) throw new CheckFailure(`${what}: expected ${codeName(code)}, got OK`);
  return response;
}
