import { rpc } from "@strata/sdk/contracts";
import { createVolume } from "./storage-volumes.js";
import { type StorageContext } from "../storage-checks.js";

/**
 * The tenant id a credential of the run stands for: from the config when it
 * can be told (insecure headers, JWT claims), otherwise as the endpoint
 * resolves it, read from the owner of a volume created for the purpose.
 */
export async function tenantIdOf(t: StorageContext, who: "tenantA" | "tenantB"): Promise<string> {
  const known = t.tenantIds[who];
  if (known) return known;
  const volume = await createVolume(t, "whoami", { as: t[who] });
  const tenantId = volume.workload?.tenantId ?? "";
  t.ensure(tenantId !== "", `CreateVolume as ${who} returned a volume without workload.tenant_id; the standard requires the owning tenant`);
  await t.expectCode(t[who].volumes.deleteVolume({ volumeId: volume.volumeId }), rpc.Code.OK, `DeleteVolume ${volume.volumeId}`);
  return tenantId;
}
