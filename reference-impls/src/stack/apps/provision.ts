import { access, type ACCESS_SERVICES } from "@strata/sdk/access";
import type { CallExtras, StrataClients } from "@strata/sdk/client";
import { compute, type COMPUTE_SERVICES } from "@strata/sdk/compute";
import { device, type DEVICE_SERVICES } from "@strata/sdk/device";
import { fabric, type FABRIC_SERVICES } from "@strata/sdk/fabric";
import type { NETWORK_SERVICES } from "@strata/sdk/network";
import { storage, type STORAGE_SERVICES } from "@strata/sdk/storage";
import { SLOT_BYTES, SLOTS } from "./back-end-program.js";
import { BACKEND_ADDRESS_LABEL } from "./front-end-program.js";
import { BACK_END_PROGRAM, FRONT_END_PROGRAM } from "./reference-programs.js";

/** Standard clients of the six layer endpoints of a stack. */
export interface StackClients {
  readonly storage: StrataClients<typeof STORAGE_SERVICES>;
  readonly fabric: StrataClients<typeof FABRIC_SERVICES>;
  readonly network: StrataClients<typeof NETWORK_SERVICES>;
  readonly compute: StrataClients<typeof COMPUTE_SERVICES>;
  readonly access: StrataClients<typeof ACCESS_SERVICES>;
  readonly device: StrataClients<typeof DEVICE_SERVICES>;
}

/** The application to provision for one tenant. */
export interface ProvisionRequest {
  /** The owning tenant: every resource is created with workload.tenant_id set to it. */
  readonly tenantId: string;
  /** The application id (default "shop"). */
  readonly applicationId?: string;
  /** The storage system id the fabric endpoint binds to the storage endpoint (its --storage-system id). */
  readonly storageSystemId: string;
  /** How many devices to enrol (default 1). */
  readonly devices?: number;
  /**
   * Metadata every call carries besides the clients' credentials (for
   * endpoints in development mode called without the operator role, the
   * tenant's `strata-tenant` header); none by default.
   */
  readonly metadata?: Record<string, string>;
}

/** What provision() created (or found, on a repeat), by id. */
export interface ProvisionedApplication {
  readonly tenantId: string;
  readonly applicationId: string;
  readonly volumeId: string;
  readonly frontInstanceId: string;
  readonly backInstanceId: string;
  readonly networkId: string;
  readonly frontEndpointId: string;
  readonly backEndpointId: string;
  readonly backAddress: string;
  readonly initiatorPortId: string;
  readonly targetPortId: string;
  readonly zoneId: string;
  readonly entryPointId: string;
  readonly deviceIds: readonly string[];
}

/** The reference application's volume: one slot per stored record. */
const VOLUME_BYTES = BigInt(SLOT_BYTES * SLOTS);
const INSTANCE_MEMORY_BYTES = 64n << 20n;

/**
 * Provisions the reference multi-tier application of one tenant through the
 * six layers' standard RPCs only, idempotently (every create names its
 * resource, so a repeat finds what exists): a storage volume; a back-end
 * compute instance running BACK_END_PROGRAM with a LAN port and endpoint, the
 * volume attached, and a fabric initiator on it zoned to a target of
 * `storageSystemId`; a front-end instance running FRONT_END_PROGRAM with its
 * own LAN port and endpoint and the back end's address as a label; an access
 * entry point on the front end (COMPUTE_WORK_PROGRAM); and `devices` enrolled
 * devices of the application. The compute endpoint must offer the
 * reference programs (REFERENCE_PROGRAMS) and reach the LAN and the fabric.
 *
 * @example
 * const app = await provision(clients, { tenantId: "tenant-a", storageSystemId: "storage-1" });
 * await clients.device.transactions.transact({ deviceId: app.deviceIds[0], transactionName: "checkout", payload });
 */
export async function provision(clients: StackClients, request: ProvisionRequest): Promise<ProvisionedApplication> {
  const { tenantId, storageSystemId } = request;
  const applicationId = request.applicationId ?? "shop";
  const extras: CallExtras = request.metadata ? { metadata: request.metadata } : {};
  const workload = (component: string) => ({ tenantId, applicationId, component });
  const name = (what: string) => `${applicationId}-${what}`;

  const { volume } = await clients.storage.volumes.createVolume({
    name: name("data"), workload: workload("back"), capacityBytes: VOLUME_BYTES,
    provisioning: storage.Provisioning.PROVISIONING_THICK, poolId: "", labels: {},
  }, extras);

  const instance = async (what: string, program: string, labels: Record<string, string>) => (await clients.compute.instances.createInstance({
    name: name(what), workload: workload(what), vcpuCount: 1, memoryBytes: INSTANCE_MEMORY_BYTES, hostId: "", labels, program,
  }, extras)).instance!;
  const back = await instance("back", BACK_END_PROGRAM, {});

  const { network } = await clients.network.networks.createNetwork({ name: name("lan"), workload: workload("lan"), labels: {} }, extras);
  const lanEndpoint = async (what: string, hostId: string) => {
    const { port } = await clients.network.ports.createPort({
      networkId: network!.networkId, name: name(what), workload: workload(what), qosClassId: "", labels: {},
    }, extras);
    const { endpoint } = await clients.network.endpoints.attachEndpoint({ portId: port!.portId, name: name(what), hostId, labels: {} }, extras);
    return endpoint!;
  };
  const attach = (instanceId: string, kind: compute.AttachmentKind, targetId: string) =>
    clients.compute.attachments.attach({ instanceId, kind, targetId }, extras);

  const backEndpoint = await lanEndpoint("back", back.instanceId);
  await attach(back.instanceId, compute.AttachmentKind.ATTACHMENT_KIND_STORAGE_VOLUME, volume!.volumeId);

  const { port: initiator } = await clients.fabric.fabricPorts.createPort({
    name: name("hba"), workload: workload("back"), role: fabric.PortRole.PORT_ROLE_INITIATOR, hostId: back.instanceId, systemId: "", labels: {},
  }, extras);
  const { port: target } = await clients.fabric.fabricPorts.createPort({
    name: name("target"), workload: workload("back"), role: fabric.PortRole.PORT_ROLE_TARGET, hostId: "", systemId: storageSystemId, labels: {},
  }, extras);
  const { zone } = await clients.fabric.fabricZones.createZone({
    name: name("zone"), workload: workload("back"), initiatorPortIds: [initiator!.portId], targetPortIds: [target!.portId], labels: {},
  }, extras);
  // Last of the back end: attaching the LAN port starts its serving, once its fabric path exists.
  await attach(back.instanceId, compute.AttachmentKind.ATTACHMENT_KIND_NETWORK_PORT, backEndpoint.portId);

  const front = await instance("front", FRONT_END_PROGRAM, { [BACKEND_ADDRESS_LABEL]: backEndpoint.address });
  const frontEndpoint = await lanEndpoint("front", front.instanceId);
  await attach(front.instanceId, compute.AttachmentKind.ATTACHMENT_KIND_NETWORK_PORT, frontEndpoint.portId);

  const { entryPoint } = await clients.access.entryPoints.registerEntryPoint({
    name: name("web"), workload: workload("front"), labels: {},
    compute: { instanceId: front.instanceId, work: access.ComputeWork.COMPUTE_WORK_PROGRAM },
  }, extras);

  const deviceIds: string[] = [];
  for (let i = 0; i < (request.devices ?? 1); i++) {
    const { device: enrolled } = await clients.device.devices.enrollDevice({
      name: name(`device-${i}`), workload: workload("users"), userId: `user-${i}`, kind: device.DeviceKind.DEVICE_KIND_PHONE, labels: {},
    }, extras);
    deviceIds.push(enrolled!.deviceId);
  }

  return {
    tenantId, applicationId, volumeId: volume!.volumeId, frontInstanceId: front.instanceId, backInstanceId: back.instanceId,
    networkId: network!.networkId, frontEndpointId: frontEndpoint.endpointId, backEndpointId: backEndpoint.endpointId,
    backAddress: backEndpoint.address, initiatorPortId: initiator!.portId, targetPortId: target!.portId, zoneId: zone!.zoneId,
    entryPointId: entryPoint!.entryPointId, deviceIds,
  };
}
