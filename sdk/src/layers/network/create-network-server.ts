import type { LayerServer } from "../../server/create-layer-server.js";
import { layerKitBase, serveLayerKit, type LayerKitOptions } from "../../server/serve-layer-kit.js";
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

/** The six LAN services a network endpoint serves. */
export interface NetworkServices {
  networks: ReturnType<typeof createNetworkService>;
  ports: ReturnType<typeof createPortService>;
  endpoints: ReturnType<typeof createEndpointService>;
  datagrams: ReturnType<typeof createDatagramService>;
  qosClasses: ReturnType<typeof createQosService>;
  taps: ReturnType<typeof createTapService>;
}

export interface NetworkServerOptions extends LayerKitOptions<NetworkServices, NetworkKit> {
  /** The vendor's switch. */
  backend: NetworkBackend;
  /** Port.queue_capacity_datagrams of every port (default 256). */
  queueCapacityDatagrams?: number;
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
  const { base, graph } = layerKitBase(options, NETWORK_CATALOGUE, { maxIoBytes: DEFAULT_MAX_IO_BYTES });
  const kit: NetworkKit = {
    ...base,
    catalog: new NetworkCatalog(),
    backend: options.backend,
    switchboard: new Switchboard(() => base.telemetry.now()),
    taps: new TapHub(),
    topology: new NetworkTopology(graph),
    queueCapacityDatagrams: options.queueCapacityDatagrams ?? DEFAULT_QUEUE_CAPACITY,
  };
  await options.backend.start(kit.switchboard);
  kit.telemetry.registerGauges(createNetworkGauges(kit));

  const services: NetworkServices = {
    networks: createNetworkService(kit), ports: createPortService(kit), endpoints: createEndpointService(kit),
    datagrams: createDatagramService(kit), qosClasses: createQosService(kit), taps: createTapService(kit),
  };
  return serveLayerKit(options, {
    catalogue: NETWORK_CATALOGUE, dataPath: networkDataPath, kit, graph, services, close: () => options.backend.close?.() ?? Promise.resolve(),
  });
}
