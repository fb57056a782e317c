import { hub, rpc } from "@strata/sdk/contracts";
import { pause } from "../helpers/pause.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import type { DrivenCall } from "../registry/traffic-driver.js";
import { behindHub, relayBehind } from "./behind-hub.js";
import { check } from "./hub-checks.js";
import { hubOf } from "./hub-services.js";
import { hubLimits, undisturbed } from "./hub-traffic.js";
import { endpointsAsReported, RELAY_WAIT_MS, traceAsHeld } from "./relay-wait.js";

/** How long the relay stays cut at least, ms: the hub's stream from the endpoint fails, and its reconnections too. */
const CUT_MS = 300;

check("A failed stream of the endpoint behind the hub is a disturbance: ListEndpoints dates it, and a call made meanwhile is judged incomplete with INCOMPLETE_REASON_GAP [hub] [endpoints] [disturbance]",
  { covers: ["HUB-SUB-4"] }, async (t) => {
    const relay = relayBehind(t);
    if (!relay) return t.skip("the run has no relay between the hub and the endpoint behind it (HubRunInput.relay), so it cannot fail the hub's streams from that endpoint");
    const { settleNs } = await hubLimits(t);
    const applicationId = uniqueApplicationId(t, "hub-disturbed");
    const resource = await t.module.driver.create(t, { stem: "hub-disturbed", applicationId });
    // A first call the hub relays: its watermark in the endpoint's log is then past 0, a sequence it can resume after
    // (resume_after_sequence 0 is no resume at all).
    await t.module.driver.call(t, resource, { label: "a call before the cut", index: 0, applicationId });
    await undisturbed(t, settleNs);
    const endpoint = async () => {
      const { endpoints } = await t.expectCode(hubOf(t.operator).listEndpoints({ page: undefined }), rpc.Code.OK, "HubService.ListEndpoints by the operator");
      return endpoints.find((e) => e.target === relay.address);
    };
    if (!(await endpoint())) return t.fail(`ListEndpoints lists no endpoint ${relay.address}, the relay the hub was configured to reach the endpoint behind it by`);
    const tolerance = BigInt(t.config.clockToleranceMs) * 1_000_000n;
    const cutAt = BigInt(Date.now()) * 1_000_000n;
    relay.cut();
    let call: DrivenCall;
    try {
      // Made on the endpoint itself, while the hub cannot read it: its record reaches the hub once the hub resumed.
      const behind = behindHub(t);
      call = await behind.module.driver.call(behind, resource, { label: "a call while the hub's streams were cut", index: 1, applicationId });
      await pause(CUT_MS, t.signal);
    } finally {
      relay.restore();
    }
    const deadline = Date.now() + RELAY_WAIT_MS;
    let after = await endpoint();
    while (after?.state !== hub.EndpointState.ENDPOINT_STATE_SYNCED && Date.now() < deadline && !t.signal.aborted) {
      await pause(50, t.signal);
      after = await endpoint();
    }
    t.ensure(after?.state === hub.EndpointState.ENDPOINT_STATE_SYNCED,
      `ListEndpoints: ${relay.address} was not synced again within ${RELAY_WAIT_MS} ms after the relay to it was restored (${after ? hub.EndpointState[after.state] : "not listed"})`);
    t.ensure(after!.lastDisturbanceTimeUnixNano >= cutAt - tolerance,
      `ListEndpoints: ${relay.address}'s last disturbance is dated ${after!.lastDisturbanceTimeUnixNano}, before its streams were cut (${cutAt}); `
      + "a hub must count every time it holds no synced stream of an endpoint as a disturbance");
    const judgedBy = Date.now() + Number(settleNs / 1_000_000n) * 2 + RELAY_WAIT_MS;
    let transaction: hub.Transaction | undefined;
    while (!transaction && Date.now() < judgedBy && !t.signal.aborted) {
      transaction = await hubOf(t.tenantA).getTransaction({ traceId: call.trace.traceId }).then((r) => r.transaction, () => undefined);
      if (!transaction) await pause(50, t.signal);
    }
    if (!transaction) {
      return t.fail(`the hub judged no transaction for ${call.what} (trace ${call.trace.traceId}) within twice its settle window and ${RELAY_WAIT_MS} ms after it resumed; `
        + `${await traceAsHeld(t, call.trace.traceId)}; the hub's endpoints: ${await endpointsAsReported(t)}`);
    }
    t.ensure(transaction.incompleteReasons.includes(hub.IncompleteReason.INCOMPLETE_REASON_GAP),
      `the transaction of ${call.what} was judged with the reasons [${transaction.incompleteReasons.map(hub.incompleteReasonToJSON).join(", ")}], without INCOMPLETE_REASON_GAP; `
      + "a disturbance touches every transaction whose first record arrives within a settle window after it");
  });
