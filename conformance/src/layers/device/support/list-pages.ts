import { device } from "@strata/sdk/device";
import type { ListPage } from "../../../helpers/walk-pages.js";
import { walkPages } from "../../../helpers/walk-pages.js";
import type { DeviceClients, DeviceContext } from "../device-checks.js";

/** ListDevices as a ListPage, with filters. */
export function devicesOf(clients: DeviceClients, filter: Partial<Omit<device.ListDevicesRequest, "page">> = {}): ListPage<device.Device> {
  return async (page) => {
    const answer = await clients.devices.listDevices(device.ListDevicesRequest.fromPartial({ ...filter, page }));
    return { items: answer.devices, page: answer.page };
  };
}

/** ListExperienceReports as a ListPage, with filters. */
export function reportsOf(clients: DeviceClients, filter: Partial<Omit<device.ListExperienceReportsRequest, "page">> = {}): ListPage<device.ExperienceReport> {
  return async (page) => {
    const answer = await clients.experience.listExperienceReports(device.ListExperienceReportsRequest.fromPartial({ ...filter, page }));
    return { items: answer.reports, page: answer.page };
  };
}

/** Every experience report of a device, as tenant A sees them. */
export function reportsOfDevice(t: DeviceContext, deviceId: string, as: DeviceClients = t.tenantA): Promise<device.ExperienceReport[]> {
  return walkPages(t, `ListExperienceReports of device ${deviceId}`, reportsOf(as, { deviceId }));
}
