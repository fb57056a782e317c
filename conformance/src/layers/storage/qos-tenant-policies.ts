import { rpc } from "@strata/sdk/contracts";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { policiesOf } from "./support/list-pages.js";
import { policy, setPolicy } from "./support/qos-policies.js";
import { check } from "./storage-checks.js";

// Each tenant's tenant-target policy is its own: the suite's other QoS checks set one tenant's at
// a time, so a vendor keying tenant policies without the tenant (one slot shared by all) passed them.

check("Tenant-target QoS policies of two tenants are each their own: setting tenant B's leaves tenant A's as stored [storage] [qos] [tenancy]",
  { covers: ["CORE-TEN-3", "STOR-QOS-4"] }, async (t) => {
    const [tenantA, tenantB] = await Promise.all([resolveTenantId(t, "tenantA"), resolveTenantId(t, "tenantB")]);
    // Limits far above anything the suite drives, and unlike each other, so that no other check is slowed and each is known by its values.
    const ownA = await setPolicy(t, policy({ tenantId: tenantA }, { maxIops: 1_000_001n }));
    const ownB = await setPolicy(t, policy({ tenantId: tenantB }, { maxIops: 2_000_002n, maxBandwidthBytesPerSecond: 1n << 40n }), t.tenantB);
    const what = `after tenant A set its tenant target's policy (max_iops ${ownA.maxIops}) and then tenant B its own (max_iops ${ownB.maxIops})`;
    for (const [name, clients, tenantId, own] of [["A", t.tenantA, tenantA, ownA], ["B", t.tenantB, tenantB, ownB]] as const) {
      const { policy: got } = await t.expectCode(clients.qos.getQosPolicy({ target: { tenantId } }), rpc.Code.OK, `GetQosPolicy by tenant ${name} of its tenant target ${what}`);
      t.ensure(got?.maxIops === own.maxIops && got.tenantId === tenantId && got.target?.tenantId === tenantId,
        `GetQosPolicy by tenant ${name} of its tenant target ${what} answered max_iops ${got?.maxIops} for tenant "${got?.tenantId}"; `
        + `the standard keeps each tenant's policy as it set it, max_iops ${own.maxIops} for tenant "${tenantId}"`);
    }
    const listed = (await walkPages(t, "ListQosPolicies", policiesOf(t.tenantA))).filter((p) => p.target?.tenantId !== undefined);
    t.equal(listed.map((p) => [p.target?.tenantId, p.maxIops]), [[tenantA, ownA.maxIops]],
      `ListQosPolicies by tenant A ${what} must list its own tenant target's policy once, and no other tenant's`);
  });
