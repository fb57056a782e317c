import { connect } from "../../client/connect.js";
import { upstreamEndpointOf, upstreamEndpointOptions, type Option, type UpstreamEndpointSpec } from "../../vendor-cli.js";
import { ACCESS_SERVICES } from "../access/access-services.js";
import { createAccessRoute } from "./access-route.js";
import type { DeviceRoute } from "./device-backend.js";

/** The tenant a device endpoint calls access as in development mode, with the operator role. */
export const DEVELOPMENT_ACCESS_CALLER = "strata-device";

/** The access endpoint as an upstream-endpoint option group: --access-endpoint and its credentials. */
export const ACCESS_UPSTREAM: UpstreamEndpointSpec = Object.freeze({
  name: "access", what: "the access endpoint", developmentCaller: DEVELOPMENT_ACCESS_CALLER,
});

/**
 * The flags every device vendor's command offers to route transactions
 * through an access endpoint (TRANSACTION_ROUTE_ACCESS, docs/device.md):
 * pass `accessRouteOf(flags)` on as `route` (undefined keeps the vendor's own).
 *
 * @example
 * options: [...accessEndpointOptions()],
 * create: ({ flags }) => createAcmeDeviceServer({ route: accessRouteOf(flags) }),
 */
export function accessEndpointOptions(): Option[] {
  return upstreamEndpointOptions(ACCESS_UPSTREAM);
}

/** The access route the flags of accessEndpointOptions() give; undefined without --access-endpoint. */
export function accessRouteOf(flags: Record<string, unknown>): DeviceRoute | undefined {
  const endpoint = upstreamEndpointOf(flags, ACCESS_UPSTREAM);
  if (!endpoint) return undefined;
  const clients = connect(endpoint.target, { services: ACCESS_SERVICES, auth: endpoint.auth, tls: endpoint.tls });
  return createAccessRoute({ clients }, { closeClients: true });
}
