// The storage layer (strata.storage.v1): its own suites, one file per service
// or capability, each registering its checks with `check(...)` from
// storage-checks.ts when imported (list it here), and the module through which
// the common suites reach the layer. Helpers the suites share live in
// support/, the module's parts in module/, faulty vendors in fixtures/.
import { core } from "@strata/sdk/contracts";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";
import { defineLayerModule } from "../../registry/layer-module.js";
import { storageCommonCovers } from "./module/storage-common-covers.js";
import { storageDriver } from "./module/storage-driver.js";
import { storageListProbes } from "./module/storage-list-probes.js";
import { storageLookupProbes } from "./module/storage-lookup-probes.js";
import { storageMetricCatalogue } from "./module/storage-metric-catalogue.js";
import { storageSwapSteps } from "./module/storage-swap-steps.js";
import { STORAGE_PARAMETERS } from "./support/storage-options.js";
import { checks } from "./storage-checks.js";
import "./volumes.js";
import "./block-io.js";
import "./expansion.js";
import "./thin.js";
import "./mapping.js";
import "./placement.js";
import "./qos.js";
import "./qos-limits.js";
import "./qos-tenant-policies.js";
import "./qos-cancelled.js";
import "./capacity.js";
import "./pools.js";
import "./shared-infrastructure.js";
import "./page-tokens.js";
import "./tenancy.js";
import "./refused-records.js";
import "./topology-graph.js";
import "./topology-watch.js";

/** The storage layer as the suite checks it. */
export const storageModule = defineLayerModule({
  name: "storage",
  layer: core.Layer.LAYER_STORAGE,
  services: STORAGE_SERVICES,
  catalogue: storageMetricCatalogue,
  sampleCall: {
    rpc: "VolumeService.ListVolumes",
    call: (clients) => clients.volumes.listVolumes(storage.ListVolumesRequest.fromPartial({})),
  },
  checks,
  driver: storageDriver,
  listProbes: storageListProbes,
  lookupProbes: storageLookupProbes,
  swapSteps: storageSwapSteps,
  commonCovers: storageCommonCovers,
  parameters: STORAGE_PARAMETERS,
});
