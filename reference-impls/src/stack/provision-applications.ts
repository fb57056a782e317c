import { ACCESS_SERVICES } from "@strata/sdk/access";
import { connect, type ClientAuth } from "@strata/sdk/client";
import { COMPUTE_SERVICES } from "@strata/sdk/compute";
import { DEVICE_SERVICES } from "@strata/sdk/device";
import { FABRIC_SERVICES } from "@strata/sdk/fabric";
import { NETWORK_SERVICES } from "@strata/sdk/network";
import { STORAGE_SERVICES } from "@strata/sdk/storage";
import { provision, type StackClients } from "./apps/index.js";
import { STACK_STORAGE_SYSTEM } from "./layer-wiring.js";
import type { StackLayer } from "./stack-config.js";

/** What the stack created for one tenant's application, layer by layer: the ids the hub's graph must then hold. */
export interface ProvisionedApplication {
  tenantId: string;
  applicationId: string;
  /** The resources created, with the layer that holds each. */
  resources: Array<{ layer: StackLayer; id: string }>;
  /** The devices its users transact from. */
  deviceIds: string[];
}

export interface ProvisionRequest {
  tenantId: string;
  applicationId: string;
  auth: ClientAuth;
  addresses: Record<StackLayer, string>;
  devices: number;
}

/** Standard clients of the six endpoints, calling as `auth` for `applicationId`. */
function stackClients(addresses: Record<StackLayer, string>, auth: ClientAuth, applicationId: string): StackClients & { close(): void } {
  const options = { auth, applicationId };
  const clients = {
    storage: connect(addresses.storage, { services: STORAGE_SERVICES, ...options }),
    fabric: connect(addresses.fabric, { services: FABRIC_SERVICES, ...options }),
    network: connect(addresses.network, { services: NETWORK_SERVICES, ...options }),
    compute: connect(addresses.compute, { services: COMPUTE_SERVICES, ...options }),
    access: connect(addresses.access, { services: ACCESS_SERVICES, ...options }),
    device: connect(addresses.device, { services: DEVICE_SERVICES, ...options }),
  };
  return { ...clients, close: () => { for (const c of Object.values(clients)) c.close(); } };
}

/**
 * Creates one tenant's reference multi-tier application (stack/apps'
 * provision(): a front end and a back end on compute instances, talking
 * over the LAN, the back end's volume reached through the fabric, an access
 * entry point on the front end, the devices) through the standard RPCs of
 * the six endpoints, as the tenant.
 */
export async function provisionApplication(request: ProvisionRequest): Promise<ProvisionedApplication> {
  const { tenantId, applicationId } = request;
  const clients = stackClients(request.addresses, request.auth, applicationId);
  try {
    const app = await provision(clients, { tenantId, applicationId, storageSystemId: STACK_STORAGE_SYSTEM, devices: request.devices });
    const at = (layer: StackLayer, ...ids: string[]) => ids.map((id) => ({ layer, id }));
    return {
      tenantId, applicationId, deviceIds: [...app.deviceIds],
      resources: [
        ...at("storage", app.volumeId),
        ...at("fabric", app.initiatorPortId, app.targetPortId, app.zoneId),
        ...at("network", app.networkId, app.frontEndpointId, app.backEndpointId),
        ...at("compute", app.frontInstanceId, app.backInstanceId),
        ...at("access", app.entryPointId),
        ...at("device", ...app.deviceIds),
      ],
    };
  } finally {
    clients.close();
  }
}
