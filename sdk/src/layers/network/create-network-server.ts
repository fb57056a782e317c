import { Layer } from "../../gen/strata/core/v1/layer.js";
import { createLayerServer, type LayerServer, type LayerServerOptions } from "../../server/create-layer-server.js";
import type { EndpointInfo } from "../../server/identity-service.js";
import { createMutex } from "../../server/mutex.js";
import { createTelemetryRecorder } from "../../telemetry/index.js";
import { TopologyGraph } from "../../topology/topology-graph.js";
import { createDatagramService, networkDataPath } from "./datagram-service.js";
import { createEndpointService } from "./endpoint-service.js";
import type { NetworkBackend } from "./network-backend.js";
import { NetworkCatalog } from "./network-catalog.js";
import { NETWORK_CATALOGUE } from "./network-catalogue.js";
import { createNetworkGauges } from "./network-gauges.js";
import type { NetworkKit } from "./network-kit.js";
import { createNetworkService } from "./network-service.js";
import { NetworkTopology } from "./network-topology.js";
import { createPortService } from "./port-service.js";
import { createQosService } from "./qos-service.js";
import { Switchboard } from "./switchboard.js";
import { TapHub } from "./tap-hub.js";
import { createTapService } from "./tap-service.js";

/** The largest Send payload by default: a jumbo frame's. */
const DEFAULT_MAX_IO_BYTES = 9000;
/** Datagrams a port's receive queue holds by default. */
const DEFAULT_QUEUE_CAPACITY = 256;

export interface NetworkServerOptions extends Omit<LayerServerOptions, "info" | "services" | "catalogue"> {
  info: Omit<EndpointInfo, "layers">;
  /** The vendor's switch. */
  backend: NetworkBackend;
  /** Telemetry sample interval, ms (default 1000). */
  sampleIntervalMs?: number;
  /** Port.queue_capacity_datagrams of every port (default 256). */
  queueCapacityDatagrams?: number;
  /**
   * Changes the LAN services before they are served (replace a handler, wrap
   * one). For test fixtures, such as the deliberately faulty vendors that
   * prove the conformance suite catches defects.
   */
  customize?: (services: NetworkServices, kit: NetworkKit) => void;
}

/** The six LAN services a network endpoint serves. */
export interface NetworkServices {
  networks: ReturnType<typeof createNetworkService>;
  ports: ReturnType<typeof createPortService>;
  endpoints: ReturnType<typeof createEndpointService>;
  datagrams: ReturnType<typeof createDatagramService>;
  qosClasses: ReturnType<typeof createQosService>;
  taps: ReturnType<typeof createTapService>;
}

/** A network endpoint: a LayerServer plus the LAN kit behind it. */
export interface NetworkServer extends LayerServer {
  readonly kit: NetworkKit;
}

/**
 * Serves the whole LAN layer over a vendor's switch (NetworkBackend): the six
 * network services, plus everything createLayerServer gives.
 *
 * @example
 * const server = await createNetworkServer({ info, backend: mySwitch, auth: { jwt } });
 * await server.listen("0.0.0.0:7003");
 */
export async function createNetworkServer(options: NetworkServerOptions): Promise<NetworkServer> {
  const telemetry = options.telemetry ?? createTelemetryRecorder({ catalogue: NETWORK_CATALOGUE, sampleIntervalMs: options.sampleIntervalMs });
  const graph = options.topology ?? new TopologyGraph();
  const maxIoBytes = options.limits?.maxIoBytes ?? DEFAULT_MAX_IO_BYTES;
  const kit: NetworkKit = {
    catalog: new NetworkCatalog(),
    backend: options.backend,
    switchboard: new Switchboard(() => telemetry.now()),
    taps: new TapHub(),
    topology: new NetworkTopology(graph),
    telemetry,
    capabilities: new Set(options.capabilities ?? []),
    maxPageSize: options.limits?.maxPageSize ?? 100,
    maxIoBytes,
    maxResourcesPerTenant: options.limits?.maxResourcesPerTenant ?? 0,
    queueCapacityDatagrams: options.queueCapacityDatagrams ?? DEFAULT_QUEUE_CAPACITY,
    exclusive: createMutex(),
  };
  await options.backend.start(kit.switchboard);
  telemetry.registerGauges(createNetworkGauges(kit));

  const services: NetworkServices = {
    networks: createNetworkService(kit), ports: createPortService(kit), endpoints: createEndpointService(kit),
    datagrams: createDatagramService(kit), qosClasses: createQosService(kit), taps: createTapService(kit),
  };
  options.customize?.(services, kit);
  const server = createLayerServer({
    ...options,
    info: { ...options.info, layers: [Layer.LAYER_NETWORK] },
    catalogue: NETWORK_CATALOGUE,
    limits: { ...options.limits, maxIoBytes },
    telemetry,
    topology: graph,
    services: Object.values(services),
    interceptors: [networkDataPath, ...(options.interceptors ?? [])],
  });
  const shutdown = server.shutdown.bind(server);
  return Object.assign(server, {
    kit,
    async shutdown(graceMs?: number) {
      await shutdown(graceMs);
      await options.backend.close?.();
    },
  });
}
