// Every layer the suite checks: one registration line per layer, each module
// from its own folder. Nothing outside layers/ names a layer.
import { registerLayerModules } from "../registry/layer-registry.js";
import { accessModule } from "./access/index.js";
import { computeModule } from "./compute/index.js";
import { fabricModule } from "./fabric/index.js";
import { deviceModule } from "./device/index.js";
import { networkModule } from "./network/index.js";
import { storageModule } from "./storage/index.js";

export const LAYER_MODULES = registerLayerModules([
  storageModule,
  fabricModule,
  networkModule,
  computeModule,
  accessModule,
  deviceModule,
]);
