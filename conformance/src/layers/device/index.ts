// The end-user device layer (strata.device.v1): its own suites, one file per
// service or concern, each registering its checks with `check(...)` from
// device-checks.ts when imported (list it here), and the module through which
// the common suites reach the layer. Helpers the suites share live in
// support/, the module's parts in module/, faulty vendors in fixtures/.
import { core } from "@strata/sdk/contracts";
import { device, DEVICE_SERVICES } from "@strata/sdk/device";
import { defineLayerModule } from "../../registry/layer-module.js";
import { checks } from "./device-checks.js";
import { deviceCommonCovers } from "./module/device-common-covers.js";
import { deviceDriver } from "./module/device-driver.js";
import { deviceListProbes } from "./module/device-list-probes.js";
import { deviceLookupProbes } from "./module/device-lookup-probes.js";
import { deviceMetricCatalogue } from "./module/device-metric-catalogue.js";
import { deviceSwapSteps } from "./module/device-swap-steps.js";
import "./devices.js";
import "./transactions.js";
import "./experience.js";
import "./journeys.js";
import "./tenancy.js";

/** The device layer as the suite checks it. */
export const deviceModule = defineLayerModule({
  name: "device",
  layer: core.Layer.LAYER_DEVICE,
  services: DEVICE_SERVICES,
  catalogue: deviceMetricCatalogue,
  sampleCall: {
    rpc: "DeviceService.ListDevices",
    call: (clients) => clients.devices.listDevices(device.ListDevicesRequest.fromPartial({})),
  },
  checks,
  driver: deviceDriver,
  listProbes: deviceListProbes,
  lookupProbes: deviceLookupProbes,
  swapSteps: deviceSwapSteps,
  commonCovers: deviceCommonCovers,
});
