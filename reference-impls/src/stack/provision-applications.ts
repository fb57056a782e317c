import { connect, type ClientAuth } from "@strata/sdk/client";
import { ACCESS_SERVICES, access } from "@strata/sdk/access";
import { COMPUTE_SERVICES, compute } from "@strata/sdk/compute";
import { core } from "@strata/sdk/contracts";
import { DEVICE_SERVICES, device } from "@strata/sdk/device";
import { STORAGE_SERVICES, storage } from "@strata/sdk/storage";
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

/**
 * Creates one tenant's application through the layers' standard RPCs, as
 * the tenant: a compute instance, a volume, an access entry point (on the
 * instance when the access endpoint reaches compute, else its echo) and the
 * devices. The reference multi-tier application, once its provisioning is
 * in the tree (stack/apps/), replaces this with its front end, back end and
 * their wiring over the LAN and the fabric.
 */
export async function provisionApplication(request: ProvisionRequest): Promise<ProvisionedApplication> {
  const { tenantId, applicationId, auth, addresses } = request;
  const options = { auth, applicationId };
  const computeClients = connect(addresses.compute, { services: COMPUTE_SERVICES, ...options });
  const storageClients = connect(addresses.storage, { services: STORAGE_SERVICES, ...options });
  const accessClients = connect(addresses.access, { services: ACCESS_SERVICES, ...options });
  const deviceClients = connect(addresses.device, { services: DEVICE_SERVICES, ...options });
  const workload = { tenantId, applicationId };
  try {
    const { instance } = await computeClients.instances.createInstance(compute.CreateInstanceRequest.fromPartial({
      name: `${applicationId}-web`, workload, vcpuCount: 1, memoryBytes: 64n << 20n,
    }));
    const { volume } = await storageClients.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({
      name: `${applicationId}-data`, workload, capacityBytes: 1n << 20n,
    }));
    const { capabilities } = await accessClients.identity.getCapabilities({});
    const onCompute = capabilities.some((c) => c.feature === core.Feature.FEATURE_ACCESS_COMPUTE_ENTRY_POINTS);
    const { entryPoint } = await accessClients.entryPoints.registerEntryPoint(access.RegisterEntryPointRequest.fromPartial({
      name: `${applicationId}-front`, workload,
      ...(onCompute ? { compute: { instanceId: instance!.instanceId, work: access.ComputeWork.COMPUTE_WORK_HASH } } : { echo: { delayNs: 0n } }),
    }));
    const deviceIds: string[] = [];
    for (let i = 0; i < request.devices; i++) {
      const { device: enrolled } = await deviceClients.devices.enrollDevice(device.EnrollDeviceRequest.fromPartial({
        name: `${applicationId}-device-${i}`, workload, userId: `user-${i}`, kind: device.DeviceKind.DEVICE_KIND_PHONE,
      }));
      deviceIds.push(enrolled!.deviceId);
    }
    return {
      tenantId, applicationId, deviceIds,
      resources: [
        { layer: "compute", id: instance!.instanceId }, { layer: "storage", id: volume!.volumeId },
        { layer: "access", id: entryPoint!.entryPointId }, ...deviceIds.map((id) => ({ layer: "device" as const, id })),
      ],
    };
  } finally {
    for (const c of [computeClients, storageClients, accessClients, deviceClients]) c.close();
  }
}
