// The compute layer (strata.compute.v1): its own suites, one file per service
// or capability, each registering its checks with `check(...)` from
// compute-checks.ts when imported (list it here), and the module through which
// the common suites reach the layer. Helpers the suites share live in
// support/, the module's parts in module/, faulty vendors in fixtures/.
import { core } from "@strata/sdk/contracts";
import { compute, COMPUTE_SERVICES } from "@strata/sdk/compute";
import { defineLayerModule } from "../../registry/layer-module.js";
import { checks } from "./compute-checks.js";
import { computeCommonCovers } from "./module/compute-common-covers.js";
import { computeDriver } from "./module/compute-driver.js";
import { computeListProbes } from "./module/compute-list-probes.js";
import { computeLookupProbes } from "./module/compute-lookup-probes.js";
import { computeMetricCatalogue } from "./module/compute-metric-catalogue.js";
import { computeSwapSteps } from "./module/compute-swap-steps.js";
import "./instances.js";
import "./resize.js";
import "./execution.js";
import "./programs.js";
import "./cpu-policy.js";
import "./scheduling.js";
import "./attachments.js";
import "./tenancy.js";
import "./topology.js";

/** The compute layer as the suite checks it. */
export const computeModule = defineLayerModule({
  name: "compute",
  layer: core.Layer.LAYER_COMPUTE,
  services: COMPUTE_SERVICES,
  catalogue: computeMetricCatalogue,
  sampleCall: {
    rpc: "InstanceService.ListInstances",
    call: (clients) => clients.instances.listInstances(compute.ListInstancesRequest.fromPartial({})),
  },
  checks,
  driver: computeDriver,
  listProbes: computeListProbes,
  lookupProbes: computeLookupProbes,
  swapSteps: computeSwapSteps,
  commonCovers: computeCommonCovers,
});
