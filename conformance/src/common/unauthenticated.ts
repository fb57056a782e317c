import { core, rpc, telemetry, topology } from "@strata/sdk/contracts";
import { collectStream } from "../helpers/collect-stream.js";
import { check, checkEachLayer } from "../registry/check-registry.js";

const UNAUTHENTICATED = core.ErrorReason.ERROR_REASON_UNAUTHENTICATED;

checkEachLayer("A layer RPC without credentials answers UNAUTHENTICATED [tenancy] [unauthenticated]", { covers: ["CORE-AUTH-4", "CORE-ERR-1"] }, async (t) => {
  const { sampleCall } = t.module;
  await t.expectCode(sampleCall.call(t.connect("anonymous")), rpc.Code.UNAUTHENTICATED, `${sampleCall.rpc} without credentials`, UNAUTHENTICATED);
});

check("TopologyService.GetTopology without credentials answers UNAUTHENTICATED [tenancy] [unauthenticated]", { covers: ["CORE-AUTH-4", "CORE-ERR-1"] }, async (t) => {
  const anonymous = t.connect("anonymous");
  await t.expectCode(anonymous.topology.getTopology(topology.GetTopologyRequest.fromPartial({})),
    rpc.Code.UNAUTHENTICATED, "TopologyService.GetTopology without credentials", UNAUTHENTICATED);
});

check("TelemetryService.Subscribe without credentials answers UNAUTHENTICATED [tenancy] [unauthenticated]", { covers: ["CORE-AUTH-4", "CORE-ERR-1"] }, async (t) => {
  const anonymous = t.connect("anonymous");
  const request = telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_ONCE });
  const answer = collectStream(anonymous.telemetry.subscribe(request), { signal: t.signal, timeoutMs: t.config.timeoutMs / 2 });
  await t.expectCode(answer,
    rpc.Code.UNAUTHENTICATED, "TelemetryService.Subscribe (MODE_ONCE) without credentials", UNAUTHENTICATED);
});
