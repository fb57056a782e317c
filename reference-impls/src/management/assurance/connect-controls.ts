import type { ClientAuth } from "@strata/sdk/client";
import { core } from "@strata/sdk/contracts";
import type { HubClients } from "../hub/connect-hub.js";
import { createAccessControl } from "./access-control.js";
import { createComputeControl } from "./compute-control.js";
import type { LayerControl, Squeeze } from "./layer-control.js";
import { createNetworkControl } from "./network-control.js";
import { createStorageControl } from "./storage-control.js";

/** The layers the controller has standard controls for, and how it reaches each. */
export const CONTROLLED_LAYERS = {
  storage: { layer: core.Layer.LAYER_STORAGE, create: createStorageControl },
  network: { layer: core.Layer.LAYER_NETWORK, create: createNetworkControl },
  compute: { layer: core.Layer.LAYER_COMPUTE, create: createComputeControl },
  access: { layer: core.Layer.LAYER_ACCESS, create: createAccessControl },
} as const;

export type ControlledLayer = keyof typeof CONTROLLED_LAYERS;

/** Layer endpoints by layer name: host:port or unix:path. */
export type LayerEndpoints = Partial<Record<ControlledLayer, readonly string[]>>;

/**
 * The controls of the layer endpoints given; a layer given none takes the
 * endpoints the hub lists for it (HubService.ListEndpoints, operator only).
 */
export async function connectControls(endpoints: LayerEndpoints, auth: ClientAuth, hub?: HubClients, squeeze?: Squeeze): Promise<LayerControl[]> {
  const listed = new Map<core.Layer, string[]>();
  const missing = (Object.keys(CONTROLLED_LAYERS) as ControlledLayer[]).some((name) => !endpoints[name]?.length);
  if (hub && missing) {
    let pageToken = "";
    do {
      const { endpoints: page, page: next } = await hub.hub.listEndpoints({ page: { pageSize: 100, pageToken } });
      for (const e of page) for (const layer of e.layers) listed.set(layer, [...(listed.get(layer) ?? []), e.target]);
      pageToken = next?.nextPageToken ?? "";
    } while (pageToken !== "");
  }
  return (Object.entries(CONTROLLED_LAYERS) as Array<[ControlledLayer, (typeof CONTROLLED_LAYERS)[ControlledLayer]]>).flatMap(([name, { layer, create }]) =>
    (endpoints[name]?.length ? endpoints[name]! : listed.get(layer) ?? []).map((endpoint) => create(endpoint, auth, squeeze)));
}
