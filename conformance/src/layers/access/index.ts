// The user access layer (strata.access.v1): its own suites, one file per
// service or capability, each registering its checks with `check(...)` from
// access-checks.ts when imported (list it here), and the module through which
// the common suites reach the layer. Helpers the suites share live in
// support/, the module's parts in module/, faulty vendors in fixtures/.
import { core } from "@strata/sdk/contracts";
import { access, ACCESS_SERVICES } from "@strata/sdk/access";
import { defineLayerModule } from "../../registry/layer-module.js";
import { checks } from "./access-checks.js";
import { accessCommonCovers } from "./module/access-common-covers.js";
import { accessDriver } from "./module/access-driver.js";
import { accessListProbes } from "./module/access-list-probes.js";
import { accessLookupProbes } from "./module/access-lookup-probes.js";
import { accessMetricCatalogue } from "./module/access-metric-catalogue.js";
import { accessSwapSteps } from "./module/access-swap-steps.js";
import "./entry-points.js";
import "./sessions.js";
import "./forward.js";
import "./shaping.js";
import "./topology.js";

/** The user access layer as the suite checks it. */
export const accessModule = defineLayerModule({
  name: "access",
  layer: core.Layer.LAYER_ACCESS,
  services: ACCESS_SERVICES,
  catalogue: accessMetricCatalogue,
  sampleCall: {
    rpc: "SessionService.ListSessions",
    call: (clients) => clients.sessions.listSessions(access.ListSessionsRequest.fromPartial({})),
  },
  checks,
  driver: accessDriver,
  listProbes: accessListProbes,
  lookupProbes: accessLookupProbes,
  swapSteps: accessSwapSteps,
  commonCovers: accessCommonCovers,
});
