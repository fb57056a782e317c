import type { StrataClients } from "@strata/sdk/client";
import { STORAGE_SERVICES } from "@strata/sdk/storage";
import { core, telemetry, topology } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";

/** A generated grpc-js service definition: method name → { path, … }. */
export type ServiceDefinitionLike = Readonly<Record<string, { readonly path: string }>>;

/** What the framework needs to know about a layer to run its common checks. */
export interface LayerProfile {
  /** The value an endpoint of this layer declares in GetInfo.layers. */
  readonly layer: core.Layer;
  /** The layer's own services, which reflection must list. */
  readonly services: readonly ServiceDefinitionLike[];
  /** A cheap read-only RPC of the layer, for checks where any layer call will do. */
  readonly sampleCall: { readonly rpc: string; call(clients: SuiteClients): Promise<unknown> };
}

/** The clients a check calls the endpoint with: the common services and the layer's. */
export type SuiteClients = StrataClients<typeof STORAGE_SERVICES>;

/** The layers the suite can check; adding a layer starts with a profile here and a folder in suites/. */
export const LAYER_PROFILES = {
  storage: {
    layer: core.Layer.LAYER_STORAGE,
    services: [
      storage.VolumeServiceService, storage.BlockServiceService, storage.MappingServiceService,
      storage.QosServiceService, storage.PlacementServiceService,
    ],
    sampleCall: {
      rpc: "VolumeService.ListVolumes",
      call: (clients) => clients.volumes.listVolumes(storage.ListVolumesRequest.fromPartial({})),
    },
  },
} satisfies Record<string, LayerProfile>;

/** A layer the suite can check. */
export type ConformanceLayer = keyof typeof LAYER_PROFILES;

export const CONFORMANCE_LAYERS = Object.keys(LAYER_PROFILES) as ConformanceLayer[];

/** The services every endpoint serves, whatever its layer. */
export const COMMON_SERVICES: readonly ServiceDefinitionLike[] = [
  core.IdentityServiceService, telemetry.TelemetryServiceService, topology.TopologyServiceService,
];

/** The fully-qualified name of a service ("strata.storage.v1.VolumeService"). */
export function serviceName(definition: ServiceDefinitionLike): string {
  const path = Object.values(definition)[0]?.path ?? "";
  return path.slice(1, path.lastIndexOf("/"));
}
