import { rpc } from "@strata/sdk/contracts";
import { device } from "@strata/sdk/device";
import type { DrivenResource, TrafficDriver } from "../../../registry/traffic-driver.js";
import { enrolDevice, enrolRequest, payloadOf, trackEnrolled } from "../support/device-enrolment.js";
import { transactCall } from "../support/transact-call.js";
import type { DeviceContext, DeviceServices } from "../device-checks.js";

/** The labels of every device the driver enrols, so that a conflicting enrolment can change them. */
const LABELS = { conformance: "driver" };
/** The echo application's own time on a device the driver slowed down: long enough that under-reported latency shows. */
const SLOW_DELAY_NS = 15_000_000;
/** Devices whose transactions the driver makes slow (driver.slowDown). */
const slowed = new WeakSet<device.Device>();

/** A device as the common checks see it. */
export function drivenDevice(enrolled: device.Device): DrivenResource<device.Device> {
  return {
    id: enrolled.deviceId,
    name: enrolled.name,
    tenantId: enrolled.workload?.tenantId ?? "",
    applicationId: enrolled.workload?.applicationId ?? "",
    node: {
      kind: "device.device",
      displayName: enrolled.name,
      attributes: {
        kind: device.deviceKindToJSON(enrolled.kind), user_id: enrolled.userId, route: /^TRANSACTION_ROUTE_(ECHO|ACCESS)$/,
      },
    },
    recordAttributes: { device_kind: device.deviceKindToJSON(enrolled.kind) },
    value: enrolled,
  };
}

/**
 * Device traffic: phones of one user; Transacts of a small payload to the
 * echo application (delayed once slowed down), answered with the code the
 * options expect (OK by default: tenant B's from tenant A's device
 * NOT_FOUND); when a call must fail, the echo application fails it
 * (echo.fail: UNAVAILABLE, an issued transaction with its report).
 */
export const deviceDriver: TrafficDriver<DeviceServices, device.Device> = {
  resourceKind: "device",
  operations: ["transact"],
  rpcs: { create: "DeviceService.EnrollDevice", delete: "DeviceService.UnenrollDevice" },

  async create(t, options = {}) {
    const { as, applicationId, name, stem } = options;
    const given = Object.fromEntries(Object.entries({ as, applicationId, name }).filter(([, value]) => value !== undefined));
    return drivenDevice(await enrolDevice(t, stem ?? "resource", { ...given, labels: LABELS }));
  },

  delete: (clients, id) => clients.devices.unenrollDevice({ deviceId: id }),

  conflictingCreates(t, resource) {
    const enrolled = resource.value;
    const same = { name: enrolled.name, userId: enrolled.userId, kind: enrolled.kind, labels: LABELS, applicationId: enrolled.workload?.applicationId };
    const variants: Array<[string, device.EnrollDeviceRequest]> = [
      ["user_id", enrolRequest(t, "", { ...same, userId: `${same.userId}-other` })],
      ["kind", enrolRequest(t, "", { ...same, kind: device.DeviceKind.DEVICE_KIND_KIOSK })],
      ["workload.application_id", enrolRequest(t, "", { ...same, applicationId: `${same.applicationId}-other` })],
      ["labels", enrolRequest(t, "", { ...same, labels: { conformance: "other" } })],
      ["labels (one more)", enrolRequest(t, "", { ...same, labels: { ...LABELS, extra: "x" } })],
    ];
    return variants.map(([differing, request]) => ({ differing, call: () => trackEnrolled(t, t.tenantA.devices.enrollDevice(request)) }));
  },

  call(t, resource, options) {
    const common = {
      as: options.as, deviceId: resource.id, label: options.label, applicationId: options.applicationId, untraced: options.untraced, traceparent: options.traceparent,
      transactionName: `driven-${options.index % 3}`,
    };
    if (options.fail) return transactCall(t, { ...common, payload: payloadOf(32, options.index), fail: true, code: rpc.Code.UNAVAILABLE });
    const delayNs = slowed.has(resource.value) ? SLOW_DELAY_NS : 0;
    return transactCall(t, { ...common, payload: payloadOf(64 + (options.index % 100), options.index), delayNs, code: options.code });
  },

  async slowDown(_t, resource) {
    slowed.add(resource.value);
    return `an echo delay of ${SLOW_DELAY_NS / 1e6} ms on every transaction`;
  },

  async snapshot(t, resource) {
    const answer = await t.expectCode(t.tenantA.devices.getDevice({ deviceId: resource.id }), rpc.Code.OK, `GetDevice ${resource.id} by tenant A`);
    const got = answer.device;
    return { name: got?.name, userId: got?.userId, kind: got?.kind, labels: got?.labels, workload: got?.workload, route: got?.route };
  },
};
