import { rpc, topology } from "@strata/sdk/contracts";
import { edgeName } from "../helpers/topology-view.js";
import { check } from "./hub-checks.js";
import { behindHub } from "./behind-hub.js";
import { retainedRecords } from "@strata/sdk/testing";
import { ofTrace, relayedForm } from "./hub-records.js";
import { nodeRelayed } from "./relay-wait.js";

check("The hub relays every request record of the endpoint behind it once, every field as the endpoint sent it but sequence, whichever tenant made the call [hub] [telemetry]",
  { covers: ["HUB-STREAM-1", "HUB-SUB-1", "HUB-SUB-2"] }, async (t) => {
    const behind = behindHub(t);
    for (const who of ["tenantA", "tenantB"] as const) {
      const resource = await t.module.driver.create(t, { stem: "hub-relay", as: t[who] });
      const call = await t.module.driver.call(t, resource, { label: `${who}'s call`, index: 0, as: t[who] });
      const sent = ofTrace(await retainedRecords(behind.operator, resource.id), call.trace.traceId);
      t.ensure(sent.length > 0, `the endpoint behind the hub logged no record of ${call.what} by ${who}; the hub check needs one to compare`);
      const relayed = ofTrace(await retainedRecords(t.operator, resource.id), call.trace.traceId);
      t.equal(relayed.length, sent.length, `the hub's log holds ${relayed.length} record(s) of ${who}'s ${call.what} where the endpoint behind it sent ${sent.length}; `
        + "a hub relays every record once, and calls its endpoints as their operator so that it receives every tenant's");
      t.equal(relayed.map(relayedForm), sent.map(relayedForm), `the hub relayed ${who}'s record of ${call.what} with other fields than the endpoint sent`);
    }
  });

check("The hub's merged graph holds every node and edge of the endpoint behind it, once [hub] [topology]",
  { covers: ["HUB-TOPO-1", "HUB-SUB-2"] }, async (t) => {
    const behind = behindHub(t);
    const resource = await t.module.driver.create(t, { stem: "hub-graph" });
    t.ensure(await nodeRelayed(t, resource.id, true), `the hub's graph never showed ${resource.id}, created behind it`);
    const want = await t.expectCode(behind.operator.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), rpc.Code.OK, "GetTopology behind the hub");
    const got = await t.expectCode(t.operator.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), rpc.Code.OK, "GetTopology of the hub");
    const ownNodes = want.nodes.filter((n) => n.tenantId === resource.tenantId && n.applicationId === resource.applicationId || n.id === resource.id);
    for (const node of ownNodes) {
      const copies = got.nodes.filter((n) => n.id === node.id);
      t.equal(copies.length, 1, `the hub's graph holds node ${node.kind} ${node.id} of the endpoint behind it ${copies.length} times; the merged graph holds each node once`);
      t.equal(copies[0], node, `the hub's graph holds node ${node.id} otherwise than the endpoint behind it reports it`);
    }
    const ids = new Set(ownNodes.map((n) => n.id));
    for (const edge of want.edges.filter((e) => ids.has(e.fromId) || ids.has(e.toId))) {
      const copies = got.edges.filter((e) => e.fromId === edge.fromId && e.toId === edge.toId && e.relation === edge.relation);
      t.equal(copies.length, 1, `the hub's graph holds edge ${edgeName(edge)} of the endpoint behind it ${copies.length} times; the merged graph holds each edge once`);
    }
  });
