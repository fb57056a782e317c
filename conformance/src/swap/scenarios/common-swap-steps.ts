import { core, telemetry, topology } from "@strata/sdk/contracts";
import { collectStream } from "../../helpers/collect-stream.js";
import type { SwapStep } from "../swap-context.js";

/** Calls every endpoint answers the same way, whatever its layers: identity, credentials, tenancy of the common services, bad requests. */
export const commonSwapSteps: readonly SwapStep[] = [
  async function identity(s) {
    const anonymous = s.connect("anonymous");
    await s.call("IdentityService.GetInfo without credentials", anonymous.identity.getInfo({}));
    await s.call("IdentityService.Probe", s.operator.identity.probe({}));
    s.record("GetInfo.layers", s.info.layers.map(core.layerToJSON).sort().join(", "));
    await s.call("TopologyService.GetTopology without credentials", anonymous.topology.getTopology(topology.GetTopologyRequest.fromPartial({})));
  },
  async function tenancy(s) {
    if (!s.tenantIds.tenantB) return;
    await s.call("TopologyService.GetTopology as tenant A naming tenant B",
      s.tenantA.topology.getTopology(topology.GetTopologyRequest.fromPartial({ tenantIds: [s.tenantIds.tenantB] })));
    await s.call("TelemetryService.Subscribe (MODE_ONCE) as tenant A naming tenant B", collectStream(s.tenantA.telemetry.subscribe(
      telemetry.SubscribeRequest.fromPartial({ mode: telemetry.Mode.MODE_ONCE, selector: { tenantIds: [s.tenantIds.tenantB] } })),
      { timeoutMs: s.config.timeoutMs / 2 }));
  },
  async function badRequests(s) {
    await s.call("TelemetryService.Subscribe with MODE_UNSPECIFIED",
      // A stream that wrongly opens is OK on its first message; no need to wait for its end.
      collectStream(s.operator.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({})), { until: () => true, timeoutMs: s.config.timeoutMs / 2 }));
  },
];
