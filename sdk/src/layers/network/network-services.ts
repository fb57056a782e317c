import {
  DatagramServiceService, EndpointServiceService, NetworkServiceService, PortServiceService, QosServiceService, TapServiceService,
} from "./contracts.js";

/**
 * The LAN layer's services by client name, for `connect()`.
 *
 * @example
 * const strata = connect(target, { auth, services: NETWORK_SERVICES });
 * await strata.datagrams.send({ networkId, sourceEndpointId, destinationAddress, payload });
 */
export const NETWORK_SERVICES = {
  networks: NetworkServiceService,
  ports: PortServiceService,
  endpoints: EndpointServiceService,
  datagrams: DatagramServiceService,
  qosClasses: QosServiceService,
  taps: TapServiceService,
} as const;
