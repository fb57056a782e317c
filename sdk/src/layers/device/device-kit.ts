import { canAccessTenant, type Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { LayerKitBase } from "../../server/serve-layer-kit.js";
import type { DataPathOwner } from "../../telemetry/data-path-record.js";
import type { DeviceBackend, DeviceRoute } from "./device-backend.js";
import type { DeviceCatalog } from "./device-catalog.js";
import type { DeviceTopology } from "./device-topology.js";
import { deviceKindToJSON, type Device } from "./contracts.js";

/** What every device service handler shares. */
export interface DeviceKit extends LayerKitBase {
  readonly catalog: DeviceCatalog;
  readonly backend: DeviceBackend;
  /** Where the endpoint's transactions go. */
  readonly route: DeviceRoute;
  readonly topology: DeviceTopology;
}

/** The device if the principal may see it; NOT_FOUND otherwise, the same for absent and foreign. */
export function visibleDevice(kit: DeviceKit, principal: Principal, deviceId: string): Device {
  const device = kit.catalog.devices.get(deviceId);
  if (!device || !canAccessTenant(principal, device.workload!.tenantId)) throw StrataError.notFound("device", deviceId);
  return device;
}

/** Who a transaction of the device is recorded for, with the record attributes of docs/device.md. */
export function ownerOf(device: Device, transactionName: string): DataPathOwner {
  const { tenantId, applicationId } = device.workload!;
  return {
    resourceId: device.deviceId, tenantId, applicationId,
    attributes: { device_kind: deviceKindToJSON(device.kind), transaction: transactionName },
  };
}
