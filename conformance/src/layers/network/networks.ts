import { core, rpc } from "@strata/sdk/contracts";
import { network } from "@strata/sdk/network";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { check } from "./network-checks.js";
import { createNetwork, createPort, trackNetwork } from "./support/lan.js";
import { uniqueName } from "../../helpers/unique-name.js";

const { Code } = rpc;
const Reason = core.ErrorReason;

check("NetworkService answers every row of its error tables, and ListNetworks keeps to the application asked for [network] [networks] [errors]", { covers: ["NET-SVC-1", "NET-NETWORK-1", "NET-NETWORK-2", "CORE-ERR-7", "CORE-ERR-3", "CORE-TEN-6", "CORE-LIM-2", "CORE-COMP-1"] }, async (t) => {
  const app = t.config.applicationId;
  const request = (fields: Partial<network.CreateNetworkRequest>) => network.CreateNetworkRequest.fromPartial({ name: uniqueName("errors"), workload: { applicationId: app }, ...fields });
  const create = (fields: Partial<network.CreateNetworkRequest>) => trackNetwork(t, t.tenantA.networks.createNetwork(request(fields)));
  await expectInvalidField(t, create({ name: "" }), "name", "CreateNetwork without a name");
  await expectInvalidField(t, create({ name: "not a valid name!" }), "name", "CreateNetwork with a name outside [A-Za-z0-9._-]");
  await expectInvalidField(t, create({ workload: { applicationId: "", tenantId: "", component: "" } }), "workload.application_id", "CreateNetwork without workload.application_id");
  await expectInvalidField(t, create({ workload: { applicationId: "strata.reserved", tenantId: "", component: "" } }), "workload.application_id",
    "CreateNetwork with an application id starting with the reserved \"strata.\"");
  const tenantB = await resolveTenantId(t, "tenantB");
  await t.expectCode(create({ workload: { applicationId: app, tenantId: tenantB, component: "" } }), Code.PERMISSION_DENIED,
    "CreateNetwork by tenant A naming tenant B in workload.tenant_id", Reason.ERROR_REASON_TENANT_MISMATCH);

  await expectInvalidField(t, t.tenantA.networks.getNetwork({ networkId: "" }), "network_id", "GetNetwork without network_id");
  await t.expectCode(t.tenantA.networks.getNetwork({ networkId: uniqueName("absent") }), Code.NOT_FOUND, "GetNetwork of an unknown network_id", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await expectInvalidField(t, t.tenantA.networks.deleteNetwork({ networkId: "" }), "network_id", "DeleteNetwork without network_id");
  await expectInvalidField(t, t.tenantA.networks.listNetworks(network.ListNetworksRequest.fromPartial({ applicationId: "no spaces allowed" })), "application_id",
    "ListNetworks with a malformed application_id");

  const busy = await createNetwork(t, "busy");
  await createPort(t, busy.networkId, "keeps-it-busy");
  await t.expectCode(t.tenantA.networks.deleteNetwork({ networkId: busy.networkId }), Code.FAILED_PRECONDITION,
    "DeleteNetwork of a network with ports", Reason.ERROR_REASON_RESOURCE_BUSY);
  const { network: kept } = await t.expectCode(t.tenantA.networks.getNetwork({ networkId: busy.networkId }), Code.OK, "GetNetwork after the refused DeleteNetwork");
  t.equal(kept?.networkId, busy.networkId, "a refused DeleteNetwork must leave the network in place");

  const applicationId = uniqueName("filter");
  const mine = await createNetwork(t, "filtered", { applicationId });
  const listed = await walkPages(t, "ListNetworks by application", async (page) => {
    const answer = await t.tenantA.networks.listNetworks({ page, applicationId });
    return { items: answer.networks, page: answer.page };
  });
  t.equal(listed.map((n) => n.networkId), [mine.networkId], `ListNetworks with application_id "${applicationId}" must list exactly that application's networks`);
  t.equal(listed[0], mine, "ListNetworks must list a network as CreateNetwork answered it");

  const limit = Number(t.limits.maxResourcesPerTenant);
  if (limit === 0) {
    t.log("Limits.max_resources_per_tenant is 0 (no limit declared): the RESOURCE_EXHAUSTED row does not apply");
    return;
  }
  const held = (await walkPages(t, "ListNetworks", async (page) => {
    const answer = await t.tenantA.networks.listNetworks({ page, applicationId: "" });
    return { items: answer.networks, page: answer.page };
  })).length;
  for (let i = held; i < limit; i++) await createNetwork(t, "quota");
  await t.expectCode(create({}), Code.RESOURCE_EXHAUSTED, `CreateNetwork beyond Limits.max_resources_per_tenant (${limit})`, Reason.ERROR_REASON_CAPACITY_EXHAUSTED);
});
