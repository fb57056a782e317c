// The storage networking layer (strata.fabric.v1): its own suites, one file
// per service or promise, each registering its checks with `check(...)` from
// fabric-checks.ts when imported (list it here), and the module through which
// the common suites reach the layer. Helpers the suites share live in
// support/, the module's parts in module/, faulty vendors in fixtures/.
import { core } from "@strata/sdk/contracts";
import { fabric, FABRIC_SERVICES } from "@strata/sdk/fabric";
import { defineLayerModule } from "../../registry/layer-module.js";
import { checks } from "./fabric-checks.js";
import { fabricCommonCovers } from "./module/fabric-common-covers.js";
import { fabricDriver } from "./module/fabric-driver.js";
import { fabricListProbes } from "./module/fabric-list-probes.js";
import { fabricLookupProbes } from "./module/fabric-lookup-probes.js";
import { fabricMetricCatalogue } from "./module/fabric-metric-catalogue.js";
import { fabricSwapSteps } from "./module/fabric-swap-steps.js";
import "./ports.js";
import "./zones.js";
import "./transfer.js";
import "./paths.js";
import "./congestion.js";
import "./tenancy.js";
import "./topology.js";

/** The storage networking layer as the suite checks it. */
export const fabricModule = defineLayerModule({
  name: "fabric",
  layer: core.Layer.LAYER_FABRIC,
  services: FABRIC_SERVICES,
  catalogue: fabricMetricCatalogue,
  sampleCall: {
    rpc: "PortService.ListPorts",
    call: (clients) => clients.fabricPorts.listPorts(fabric.ListPortsRequest.fromPartial({})),
  },
  checks,
  driver: fabricDriver,
  listProbes: fabricListProbes,
  lookupProbes: fabricLookupProbes,
  swapSteps: fabricSwapSteps,
  commonCovers: fabricCommonCovers,
});
