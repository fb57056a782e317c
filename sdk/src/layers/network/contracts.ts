// strata.network.v1: networks, ports, endpoints, datagrams, QoS classes, taps.
export * from "../../gen/strata/network/v1/network.js";
export * from "../../gen/strata/network/v1/port.js";
export * from "../../gen/strata/network/v1/endpoint.js";
export * from "../../gen/strata/network/v1/datagram.js";
export * from "../../gen/strata/network/v1/qos.js";
export * from "../../gen/strata/network/v1/tap.js";
