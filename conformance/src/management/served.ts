import { rpc } from "@strata/sdk/contracts";
import type { CheckContext } from "../runner/check-context.js";

/**
 * Calls a management service once, skipping the check when the endpoint
 * does not serve it (UNIMPLEMENTED: docs/management.md, a service whose tool
 * is not running), and resolves to the answer; any other status fails.
 *
 * @example
 * await served(t, "AssuranceService", managementOf(t.operator).assurance.listSlas({ tenantIds: [] }));
 */
export async function served<T>(t: CheckContext, service: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if ((error as { code?: unknown }).code === rpc.Code.UNIMPLEMENTED) {
      return t.skip(`the endpoint does not serve ${service} (it answers UNIMPLEMENTED): its tool is not running`);
    }
    return t.expectCode(Promise.reject(error), rpc.Code.OK, `${service}, the check's first call, by the operator`);
  }
}
