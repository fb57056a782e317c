import { rpc } from "@strata/sdk/contracts";
import { device } from "@strata/sdk/device";
import { uniqueName } from "../../../helpers/unique-name.js";
import type { DeviceClients, DeviceContext } from "../device-checks.js";

/** The kind of the devices the suite enrols unless it says otherwise. */
export const DEVICE_KIND = device.DeviceKind.DEVICE_KIND_PHONE;

export interface EnrolOptions extends Partial<Omit<device.EnrollDeviceRequest, "workload">> {
  /** Who enrols (and later unenrols) it; tenant A by default. */
  as?: DeviceClients;
  /** workload.application_id; the config's applicationId by default. */
  applicationId?: string;
  /** workload.tenant_id (empty: the caller's own). */
  tenantId?: string;
}

/** The EnrollDeviceRequest the device checks send: a phone of user "conformance-user", a unique name. */
export function enrolRequest(t: DeviceContext, stem: string, options: EnrolOptions = {}): device.EnrollDeviceRequest {
  const { as: _as, applicationId, tenantId, ...fields } = options;
  return device.EnrollDeviceRequest.fromPartial({
    name: uniqueName(stem),
    userId: "conformance-user",
    kind: DEVICE_KIND,
    ...fields,
    workload: { applicationId: applicationId ?? t.config.applicationId, tenantId: tenantId ?? "", component: "conformance" },
  });
}

/** Enrols a device (expecting OK) and tracks its unenrolment by the same caller. */
export function enrolDevice(t: DeviceContext, stem: string, options: EnrolOptions = {}): Promise<device.Device> {
  return enrolFrom(t, enrolRequest(t, stem, options), options.as);
}

/** Sends an EnrollDeviceRequest as is (expecting OK) and tracks the device's unenrolment. */
export async function enrolFrom(t: DeviceContext, request: device.EnrollDeviceRequest, as: DeviceClients = t.tenantA): Promise<device.Device> {
  const answer = await t.expectCode(trackEnrolled(t, as.devices.enrollDevice(request), as), rpc.Code.OK, `EnrollDevice "${request.name}"`);
  return answer.device ?? t.fail(`EnrollDevice "${request.name}" answered OK without a device; the response must carry the enrolled device`);
}

/**
 * Tracks the unenrolment of whatever device an enrol call returns, so that
 * an enrolment the endpoint should have refused leaves nothing behind
 * either. Returns the call unchanged.
 */
export function trackEnrolled<T extends { device?: device.Device }>(t: DeviceContext, call: Promise<T>, as: DeviceClients = t.tenantA): Promise<T> {
  call.then(({ device: enrolled }) => {
    if (enrolled) t.track(() => as.devices.unenrollDevice({ deviceId: enrolled.deviceId }), `UnenrollDevice ${enrolled.deviceId}`);
  }, () => undefined);
  return call;
}

/** A payload of `bytes` bytes that depends on `seed`, so that an answer that is not the echo shows. */
export function payloadOf(bytes: number, seed: number): Buffer {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) out[i] = (seed * 31 + i * 7) & 0xff;
  return out;
}
