import { network } from "@strata/sdk/network";
import { collectStream } from "../../../helpers/collect-stream.js";
import type { LookupProbe } from "../../../registry/layer-probes.js";
import type { NetworkServices } from "../network-checks.js";
import { uniqueName } from "../../../helpers/unique-name.js";

/** Every LAN RPC that names a network by id: another tenant's network must answer as one that does not exist. */
export const networkLookupProbes: LookupProbe<NetworkServices>[] = [
  { rpc: "NetworkService.GetNetwork", ownerRead: true, call: (c, networkId) => c.networks.getNetwork({ networkId }) },
  {
    rpc: "PortService.CreatePort", ownerRead: false,
    call: (c, networkId) => c.ports.createPort(network.CreatePortRequest.fromPartial({ networkId, name: uniqueName("probe"), workload: { applicationId: "conformance-probe" } })),
  },
  {
    rpc: "DatagramService.Send", ownerRead: false,
    call: (c, networkId) => c.datagrams.send({ networkId, sourceEndpointId: "conformance-probe-endpoint", destinationAddress: "conformance-probe-address", payload: Buffer.from("probe") }),
  },
  {
    // A stream that wrongly opens has leaked once it opened: the first message, or a quiet second, will do.
    rpc: "DatagramService.Receive", ownerRead: false,
    call: (c, networkId) => collectStream(c.datagrams.receive({ networkId, endpointId: "conformance-probe-endpoint" }), { until: () => true, timeoutMs: 1000 }),
  },
  {
    rpc: "TapService.CreateTap", ownerRead: false,
    call: (c, networkId) => c.taps.createTap(network.CreateTapRequest.fromPartial({
      name: uniqueName("probe"), workload: { applicationId: "conformance-probe" }, selector: { networkIds: [networkId] },
    })),
  },
];
