import { device } from "@strata/sdk/device";
import type { ListProbe } from "../../../registry/layer-probes.js";
import { uniqueName } from "../../../helpers/unique-name.js";
import { enrolDevice, payloadOf } from "../support/device-enrolment.js";
import { transactCall } from "../support/transact-call.js";
import type { DeviceServices } from "../device-checks.js";

type DeviceScope = { applicationId: string };
type ReportScope = { deviceId: string; applicationId?: string };

/** Every List RPC of the device layer, with what each needs to list something of tenant A's. */
export const deviceListProbes: ListProbe<DeviceServices>[] = [
  {
    rpc: "DeviceService.ListDevices",
    async list(clients, page, scope) {
      const answer = await clients.devices.listDevices(device.ListDevicesRequest.fromPartial({
        page, applicationId: (scope as DeviceScope | undefined)?.applicationId ?? "",
      }));
      return { ids: answer.devices.map((d) => d.deviceId), page: answer.page };
    },
    // Seven devices under one fresh application, so that a walk filtered by it sees only them.
    async populate(t) {
      const applicationId = uniqueName("pages");
      const devices = await Promise.all(Array.from({ length: 7 }, (_, i) => enrolDevice(t, `page-${i}`, { applicationId })));
      return { ids: devices.map((d) => d.deviceId), scope: { applicationId }, otherScope: { applicationId: `${applicationId}-other` } };
    },
  },
  {
    rpc: "ExperienceService.ListExperienceReports",
    async list(clients, page, scope) {
      const filter = (scope ?? {}) as Partial<ReportScope>;
      const answer = await clients.experience.listExperienceReports(device.ListExperienceReportsRequest.fromPartial({
        page, deviceId: filter.deviceId ?? "", applicationId: filter.applicationId ?? "",
      }));
      return { ids: answer.reports.map((r) => r.reportId), page: answer.page };
    },
    // Six transactions from one fresh device: six reports, listed by its device_id.
    async populate(t) {
      const { deviceId } = await enrolDevice(t, "page-reports");
      const reports = [];
      for (let i = 0; i < 6; i++) {
        const call = await transactCall(t, { deviceId, payload: payloadOf(16, i), label: `page transaction #${i + 1}` });
        reports.push(call.response?.report?.reportId ?? "");
      }
      return { ids: reports, scope: { deviceId }, otherScope: { deviceId, applicationId: `${t.config.applicationId}-other` } };
    },
  },
];
