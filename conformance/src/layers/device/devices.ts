import { core, rpc } from "@strata/sdk/contracts";
import { device } from "@strata/sdk/device";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { check } from "./device-checks.js";
import { enrolDevice, enrolRequest, trackEnrolled } from "./support/device-enrolment.js";
import { devicesOf } from "./support/list-pages.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const { DEVICE_KIND_PHONE, DEVICE_KIND_KIOSK, DEVICE_KIND_LAPTOP } = device.DeviceKind;

check("EnrollDevice returns the device as asked, with its route; GetDevice and ListDevices show it, filtered by application_id, user_id and kind [device] [devices]",
  { covers: ["DEV-SVC-1", "DEV-ROUTE-1", "DEV-ENR-2"] }, async (t) => {
    const applicationId = uniqueName("fleet");
    const labels = { team: "conformance", floor: "3" };
    const request = enrolRequest(t, "asked", { applicationId, userId: "alice", kind: DEVICE_KIND_PHONE, labels });
    const enrolled = await t.expectCode(trackEnrolled(t, t.tenantA.devices.enrollDevice(request)), Code.OK, `EnrollDevice "${request.name}"`);
    const got = enrolled.device ?? t.fail("EnrollDevice answered OK without a device; the response must carry the enrolled device");
    t.equal({ name: got.name, userId: got.userId, kind: got.kind, labels: got.labels, applicationId: got.workload?.applicationId },
      { name: request.name, userId: "alice", kind: DEVICE_KIND_PHONE, labels, applicationId },
      "EnrollDevice must carry name, user_id, kind, labels and workload as asked");
    t.ensure(got.deviceId !== "", "EnrollDevice answered a device without device_id; the endpoint assigns one");
    t.ensure(got.enrollTimeUnixNano > 0n, "EnrollDevice answered enroll_time_unix_nano 0; the standard requires the enrolment time");
    t.ensure(got.route === device.TransactionRoute.TRANSACTION_ROUTE_ECHO || got.route === device.TransactionRoute.TRANSACTION_ROUTE_ACCESS,
      `EnrollDevice answered route ${device.transactionRouteToJSON(got.route)}; every device names its route, ECHO or ACCESS`);
    const { device: fetched } = await t.expectCode(t.tenantA.devices.getDevice({ deviceId: got.deviceId }), Code.OK, `GetDevice ${got.deviceId}`);
    t.equal(fetched, got, "GetDevice must answer the device as EnrollDevice answered it");

    const kiosk = await enrolDevice(t, "kiosk", { applicationId, userId: "alice", kind: DEVICE_KIND_KIOSK });
    const laptop = await enrolDevice(t, "laptop", { applicationId, userId: "bob", kind: DEVICE_KIND_LAPTOP });
    await enrolDevice(t, "elsewhere", { applicationId: `${applicationId}-other`, userId: "alice", kind: DEVICE_KIND_PHONE });
    const filters: Array<[string, Partial<device.ListDevicesRequest>, string[]]> = [
      ["application_id", { applicationId }, [got.deviceId, kiosk.deviceId, laptop.deviceId]],
      ["application_id and user_id", { applicationId, userId: "alice" }, [got.deviceId, kiosk.deviceId]],
      ["application_id and kind", { applicationId, kind: DEVICE_KIND_LAPTOP }, [laptop.deviceId]],
    ];
    for (const [by, filter, want] of filters) {
      const listed = await walkPages(t, `ListDevices filtered by ${by}`, devicesOf(t.tenantA, filter));
      const wrong = listed.filter((d) => !want.includes(d.deviceId)).map((d) => d.deviceId);
      t.ensure(wrong.length === 0, `ListDevices filtered by ${by} served devices the filter excludes: ${wrong.join(", ")}`);
      const missing = want.filter((id) => !listed.some((d) => d.deviceId === id));
      t.ensure(missing.length === 0, `ListDevices filtered by ${by} left out ${missing.join(", ")}, which match it`);
    }
  });

check("DeviceService answers each error of its table: INVALID_ARGUMENT naming the field, PERMISSION_DENIED, NOT_FOUND [device] [devices] [errors]",
  { covers: ["DEV-ENR-1", "DEV-ENR-2", "DEV-ENR-3", "DEV-ENR-4"] }, async (t) => {
    const enrol = (request: device.EnrollDeviceRequest) => trackEnrolled(t, t.tenantA.devices.enrollDevice(request));
    const rows: Array<[string, string, device.EnrollDeviceRequest]> = [
      ["name", "without name", enrolRequest(t, "x", { name: "" })],
      ["name", "with a name of 129 bytes", enrolRequest(t, "x", { name: "n".repeat(129) })],
      ["name", "with a name holding a space", enrolRequest(t, "x", { name: "two words" })],
      ["workload.application_id", "without workload.application_id", enrolRequest(t, "x", { applicationId: "" })],
      ["user_id", "without user_id", enrolRequest(t, "x", { userId: "" })],
      ["user_id", "with a user_id holding a slash", enrolRequest(t, "x", { userId: "a/b" })],
      ["kind", "with kind DEVICE_KIND_UNSPECIFIED", enrolRequest(t, "x", { kind: device.DeviceKind.DEVICE_KIND_UNSPECIFIED })],
      ["kind", "with an unknown kind 99", enrolRequest(t, "x", { kind: 99 as device.DeviceKind })],
    ];
    for (const [field, situation, request] of rows) await expectInvalidField(t, enrol(request), field, `EnrollDevice ${situation}`);
    const foreign = enrolRequest(t, "foreign", { tenantId: `${uniqueName("tenant")}` });
    await t.expectCode(enrol(foreign), Code.PERMISSION_DENIED, "EnrollDevice by tenant A naming another tenant", Reason.ERROR_REASON_TENANT_MISMATCH);
    await expectInvalidField(t, t.tenantA.devices.unenrollDevice({ deviceId: "" }), "device_id", "UnenrollDevice without device_id");
    await expectInvalidField(t, t.tenantA.devices.getDevice({ deviceId: "" }), "device_id", "GetDevice without device_id");
    await t.expectCode(t.tenantA.devices.getDevice({ deviceId: uniqueName("unknown") }), Code.NOT_FOUND, "GetDevice of an unknown device",
      Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    await expectInvalidField(t, t.tenantA.devices.listDevices(device.ListDevicesRequest.fromPartial({ userId: "a b" })), "user_id", "ListDevices with a malformed user_id");
    await expectInvalidField(t, t.tenantA.devices.listDevices(device.ListDevicesRequest.fromPartial({ applicationId: "a b" })), "application_id",
      "ListDevices with a malformed application_id");
    await expectInvalidField(t, t.tenantA.devices.listDevices(device.ListDevicesRequest.fromPartial({ kind: 99 as device.DeviceKind })), "kind",
      "ListDevices with an unknown kind 99");
  });

/** Devices above this the suite does not enrol to reach a tenant's limit. */
const LARGEST_TENANT_LIMIT = 2000;
/** Enrolments sent at once while filling a tenant up to its limit. */
const ENROLS_AT_ONCE = 16;

check("EnrollDevice beyond Limits.max_resources_per_tenant answers RESOURCE_EXHAUSTED without RetryInfo, while a repeated enrolment and another tenant's still answer OK [device] [devices] [limits]",
  { covers: ["DEV-ENR-1"], timeoutMs: 60_000 }, async (t) => {
    const limit = t.limits.maxResourcesPerTenant;
    if (limit === 0n) t.skip("the endpoint declares no Limits.max_resources_per_tenant (0)");
    if (limit > BigInt(LARGEST_TENANT_LIMIT)) t.skip(`Limits.max_resources_per_tenant is ${limit}: the suite enrols at most ${LARGEST_TENANT_LIMIT} devices to reach it`);
    const held = (await walkPages(t, "ListDevices by tenant A", devicesOf(t.tenantA))).length;
    if (BigInt(held) >= limit) t.skip(`tenant A already holds ${held} devices, at or beyond Limits.max_resources_per_tenant ${limit}`);
    const requests = Array.from({ length: Number(limit) - held }, (_, i) => enrolRequest(t, `tenant-limit-${i}`));
    t.log(`tenant A held ${held} devices; enrolling ${requests.length} more to reach Limits.max_resources_per_tenant ${limit}`);
    // Within the limit every enrolment must succeed: an endpoint never refuses a count within what it declares.
    for (let i = 0; i < requests.length; i += ENROLS_AT_ONCE) {
      await Promise.all(requests.slice(i, i + ENROLS_AT_ONCE).map((r) => t.expectCode(trackEnrolled(t, t.tenantA.devices.enrollDevice(r)), Code.OK, `EnrollDevice "${r.name}"`)));
    }
    const error = await t.expectCode(trackEnrolled(t, t.tenantA.devices.enrollDevice(enrolRequest(t, "tenant-limit-beyond"))), Code.RESOURCE_EXHAUSTED,
      `EnrollDevice of one device more than Limits.max_resources_per_tenant = ${limit}`, Reason.ERROR_REASON_CAPACITY_EXHAUSTED);
    t.ensure(error.retryDelayMs === undefined, `EnrollDevice beyond the tenant's limit carries RetryInfo (${error.retryDelayMs} ms); retrying will not help, and the standard forbids it`);
    const last = requests.at(-1)!;
    const repeated = await t.expectCode(t.tenantA.devices.enrollDevice(last), Code.OK, `EnrollDevice repeated for "${last.name}" with tenant A at its limit`);
    t.ensure(repeated.device?.name === last.name, "EnrollDevice repeated at the limit must answer the existing device: a repeat is no new device");
    await enrolDevice(t, "tenant-limit-other", { as: t.tenantB });
  });
