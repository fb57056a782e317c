import { network } from "@strata/sdk/network";
import type { ListProbe } from "../../../registry/layer-probes.js";
import type { NetworkServices } from "../network-checks.js";
import { createNetwork, createPort, makeLan, setQosClass } from "../support/lan.js";
import { uniqueName } from "../../../helpers/unique-name.js";
import { createTap } from "../support/taps.js";

type ApplicationScope = { applicationId: string };
type NetworkScope = { networkId: string };

/** Every List RPC of the LAN layer, with what each needs to list something of tenant A's. */
export const networkListProbes: ListProbe<NetworkServices>[] = [
  {
    rpc: "NetworkService.ListNetworks",
    async list(clients, page, scope) {
      const answer = await clients.networks.listNetworks({ page, applicationId: (scope as ApplicationScope | undefined)?.applicationId ?? "" });
      return { ids: answer.networks.map((n) => n.networkId), page: answer.page };
    },
    // Seven networks under one fresh application, so that a walk filtered by it sees only them.
    async populate(t) {
      const applicationId = uniqueName("pages");
      const made = await Promise.all(Array.from({ length: 7 }, (_, i) => createNetwork(t, `page-${i}`, { applicationId })));
      return { ids: made.map((n) => n.networkId), scope: { applicationId }, otherScope: { applicationId: `${applicationId}-other` } };
    },
  },
  {
    rpc: "PortService.ListPorts",
    async list(clients, page, scope) {
      const answer = await clients.ports.listPorts({ page, networkId: (scope as NetworkScope | undefined)?.networkId ?? "" });
      return { ids: answer.ports.map((p) => p.portId), page: answer.page };
    },
    async populate(t) {
      const made = await createNetwork(t, "page-ports");
      const ports = await Promise.all(Array.from({ length: 5 }, (_, i) => createPort(t, made.networkId, `port-${i}`)));
      return { ids: ports.map((p) => p.portId), scope: { networkId: made.networkId }, otherScope: { networkId: uniqueName("other") } };
    },
  },
  {
    rpc: "EndpointService.ListEndpoints",
    async list(clients, page, scope) {
      const answer = await clients.endpoints.listEndpoints({ page, networkId: (scope as NetworkScope | undefined)?.networkId ?? "" });
      return { ids: answer.endpoints.map((e) => e.endpointId), page: answer.page };
    },
    async populate(t) {
      const lan = await makeLan(t, "page-endpoints", { endpoints: 5 });
      return { ids: lan.endpoints.map((e) => e.endpointId), scope: { networkId: lan.network.networkId }, otherScope: { networkId: uniqueName("other") } };
    },
  },
  {
    rpc: "QosService.ListQosClasses",
    async list(clients, page) {
      const answer = await clients.qosClasses.listQosClasses({ page });
      return { ids: answer.qosClasses.map((c) => c.qosClassId), page: answer.page };
    },
    async populate(t) {
      const classes = await Promise.all([0, 1, 2].map((i) => setQosClass(t, `page-qos-${i}`, { maxBandwidthBytesPerSecond: 1n << 30n })));
      return { ids: classes.map((c) => c.qosClassId) };
    },
  },
  {
    rpc: "TapService.ListTaps",
    async list(clients, page) {
      const answer = await clients.taps.listTaps(network.ListTapsRequest.fromPartial({ page }));
      return { ids: answer.taps.map((tap) => tap.tapId), page: answer.page };
    },
    async populate(t) {
      const taps = await Promise.all([0, 1, 2].map((i) => createTap(t, `page-tap-${i}`)));
      return { ids: taps.map((tap) => tap.tapId) };
    },
  },
];
