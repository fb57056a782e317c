import { rpc } from "@strata/sdk/contracts";
import { StrataError } from "@strata/sdk/server";

/** CANCELLED: the caller went away while its request waited for QoS. */
export function cancelled(what: string): StrataError {
  return new StrataError(rpc.Code.CANCELLED as number, `${what}: cancelled while waiting for QoS`);
}
