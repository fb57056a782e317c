import { createDeviceServer, type DeviceServer, type DeviceServerOptions } from "@strata/sdk/device";
import { createProbeBackend, type ProbeOptions } from "./probe-backend.js";
import { createTcpEchoRoute } from "./tcp-echo-route.js";

export type ProbeServerOptions = Omit<DeviceServerOptions, "info" | "backend"> & ProbeOptions;

/**
 * The probe reference vendor as a ready device endpoint: without another
 * route, its transactions reach the built-in echo application over loopback
 * TCP connections.
 */
export function createProbeServer(options: ProbeServerOptions): DeviceServer {
  return createDeviceServer({
    ...options,
    info: { vendor: "Strata reference", product: "strata-device-probe", version: "0.1.0" },
    backend: createProbeBackend(options),
    route: options.route ?? createTcpEchoRoute(),
  });
}
