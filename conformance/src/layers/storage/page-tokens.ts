import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { rpc } from "@strata/sdk/contracts";
import { createVolume, uniqueName } from "./support/storage-volumes.js";
import { check } from "./storage-checks.js";

// The common pagination suite refuses forged tokens and tokens sent with other filters;
// these are the bindings a token carries beyond them: to its List RPC and to its caller.

check("A ListVolumes page_token is refused by the other storage List RPCs and by any other caller, naming page.page_token [storage] [pagination] [tenancy]",
  { covers: ["CORE-PAGE-5", "CORE-TEN-3"] }, async (t) => {
    const applicationId = uniqueName("tokens");
    await Promise.all([0, 1, 2].map((i) => createVolume(t, `tokens-${i}`, { applicationId })));
    const first = await t.expectCode(t.tenantA.volumes.listVolumes({ applicationId, page: { pageSize: 1, pageToken: "" } }), rpc.Code.OK, "ListVolumes by tenant A (a page of 1)");
    const pageToken = first.page?.nextPageToken ?? "";
    if (pageToken === "") t.fail("ListVolumes of 3 volumes with page_size 1 answered no next_page_token; the walk must go on");
    const page = { pageSize: 1, pageToken };
    await expectInvalidField(t, t.tenantB.volumes.listVolumes({ applicationId, page }), "page.page_token", "ListVolumes by tenant B with tenant A's page_token");
    await expectInvalidField(t, t.operator.volumes.listVolumes({ applicationId, page }), "page.page_token", "ListVolumes by the operator with tenant A's page_token");
    await expectInvalidField(t, t.tenantA.mappings.listMappings({ volumeId: "", hostId: "", page }), "page.page_token", "ListMappings with a ListVolumes page_token");
    await expectInvalidField(t, t.tenantA.qos.listQosPolicies({ page }), "page.page_token", "ListQosPolicies with a ListVolumes page_token");
    await expectInvalidField(t, t.tenantA.placement.listPools({ page }), "page.page_token", "ListPools with a ListVolumes page_token");
    await t.expectCode(t.tenantA.volumes.listVolumes({ applicationId, page }), rpc.Code.OK, "ListVolumes by tenant A with its own page_token");
  });
