import { core } from "@strata/sdk/contracts";

/** The catalogue's utilization gauges (percent) a capacity tool follows, with the node kind and layer of the resource each describes. */
export const UTILIZATION_METRICS: Readonly<Record<string, { kind: string; layer: core.Layer }>> = {
  "strata.storage.volume.utilization": { kind: "storage.volume", layer: core.Layer.LAYER_STORAGE },
  "strata.compute.cpu.utilization": { kind: "compute.instance", layer: core.Layer.LAYER_COMPUTE },
  "strata.network.port.utilization": { kind: "network.port", layer: core.Layer.LAYER_NETWORK },
  "strata.fabric.port.utilization": { kind: "fabric.port", layer: core.Layer.LAYER_FABRIC },
};

/** The metric name of utilization the tool derives itself (a pool from its volumes). */
export const DERIVED_METRIC = "derived";
