// The LAN layer (strata.network.v1): its own suites, one file per service
// or capability, each registering its checks with `check(...)` from
// network-checks.ts when imported (list it here), and the module through
// which the common suites reach the layer. Helpers the suites share live in
// support/, the module's parts in module/, faulty vendors in fixtures/.
import { core } from "@strata/sdk/contracts";
import { network, NETWORK_SERVICES } from "@strata/sdk/network";
import { defineLayerModule } from "../../registry/layer-module.js";
import { networkCommonCovers } from "./module/network-common-covers.js";
import { networkDriver } from "./module/network-driver.js";
import { networkListProbes } from "./module/network-list-probes.js";
import { networkLookupProbes } from "./module/network-lookup-probes.js";
import { networkMetricCatalogue } from "./module/network-metric-catalogue.js";
import { networkSwapSteps } from "./module/network-swap-steps.js";
import { checks } from "./network-checks.js";
import "./networks.js";
import "./ports.js";
import "./endpoints.js";
import "./delivery.js";
import "./send-errors.js";
import "./drops.js";
import "./port-metrics.js";
import "./qos-classes.js";
import "./qos-limits.js";
import "./priority.js";
import "./taps.js";
import "./tap-records.js";
import "./tap-transactions.js";
import "./tenancy.js";
import "./topology-graph.js";
import "./traces.js";

/** The LAN layer as the suite checks it. */
export const networkModule = defineLayerModule({
  name: "network",
  layer: core.Layer.LAYER_NETWORK,
  services: NETWORK_SERVICES,
  catalogue: networkMetricCatalogue,
  sampleCall: {
    rpc: "NetworkService.ListNetworks",
    call: (clients) => clients.networks.listNetworks(network.ListNetworksRequest.fromPartial({})),
  },
  checks,
  driver: networkDriver,
  listProbes: networkListProbes,
  lookupProbes: networkLookupProbes,
  swapSteps: networkSwapSteps,
  commonCovers: networkCommonCovers,
});
