/**
 * @strata/sdk/device: the end-user device layer (strata.device.v1). Its
 * contracts (the `device` namespace of generated messages, services and
 * clients), the client services for `connect()`, the standard metric
 * catalogue, the device kit a vendor serves its DeviceBackend with, and the
 * built-in echo application.
 */
export * as device from "./contracts.js";
export { DEVICE_SERVICES } from "./device-services.js";
export { DEVICE_CATALOGUE, DEVICE_METRICS, DEVICE_MEASUREMENTS } from "./device-catalogue.js";
export { createDeviceServer } from "./create-device-server.js";
export { createEchoRoute } from "./echo-route.js";
export { createAccessRoute, accessSessionName } from "./access-route.js";
export { accessEndpointOptions, accessRouteOf, ACCESS_UPSTREAM, DEVELOPMENT_ACCESS_CALLER } from "./device-cli.js";
export { answerEcho, MAX_ECHO_DELAY_NS } from "./echo-application.js";
export { MAX_JOURNEY_STEPS } from "./transaction-request.js";
export { REPORTS_PER_DEVICE } from "./device-catalog.js";

export type { DeviceServer, DeviceServerOptions, DeviceServices } from "./create-device-server.js";
export type {
  DeviceBackend, DeviceRoute, DeviceTransaction, RoutedTransaction, TransactionContext, TransactionIssuer, OwnTransaction, EchoSpec,
} from "./device-backend.js";
export type { DeviceKit } from "./device-kit.js";
export type { AccessReach } from "./access-route.js";
