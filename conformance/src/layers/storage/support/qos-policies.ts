import { rpc } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import type { StorageContext } from "../storage-checks.js";

/** A QosPolicy on `target` with the fields given, the rest unset (0: unlimited). */
export const policy = (target: storage.QosTarget, fields: Partial<storage.QosPolicy> = {}) => storage.QosPolicy.fromPartial({ ...fields, target });

/** Sets a policy as `as` (tenant A by default), expecting OK, and tracks its deletion. */
export async function setPolicy(t: StorageContext, wanted: storage.QosPolicy, as = t.tenantA): Promise<storage.QosPolicy> {
  const target = wanted.target!;
  const { policy: stored } = await t.expectCode(as.qos.setQosPolicy({ policy: wanted }), rpc.Code.OK, "SetQosPolicy");
  t.track(() => as.qos.deleteQosPolicy({ target }), "DeleteQosPolicy");
  return stored ?? t.fail("SetQosPolicy answered OK without the policy; the response must carry it as stored");
}
