import { setTimeout as sleep } from "node:timers/promises";
import { device } from "@strata/sdk/device";
import { uniqueName } from "../../../helpers/unique-name.js";
import type { SwapContext, SwapStep } from "../../../swap/swap-context.js";
import { filledFields, violatedFields, yesNo } from "../../../swap/swap-values.js";
import { payloadOf } from "../support/device-enrolment.js";
import type { DeviceServices } from "../device-checks.js";

/** A device of tenant A, unenrolled after the proof has read telemetry and topology. */
async function deviceFor(s: SwapContext<DeviceServices>, stem: string, label: string): Promise<device.Device | undefined> {
  const request = device.EnrollDeviceRequest.fromPartial({
    name: uniqueName(`swap-${stem}`), userId: "swap-user", kind: device.DeviceKind.DEVICE_KIND_LAPTOP,
    workload: { applicationId: s.config.applicationId }, labels: { swap: "proof" },
  });
  const answer = await s.call(label, s.tenantA.devices.enrollDevice(request));
  const enrolled = answer?.device;
  if (enrolled) s.track(() => s.tenantA.devices.unenrollDevice({ deviceId: enrolled.deviceId }), `UnenrollDevice ${enrolled.deviceId}`);
  return enrolled;
}

/** What a report says, less what depends on the vendor's clock and ids. */
function reportShape(report: device.ExperienceReport | undefined): string {
  if (!report) return "(none)";
  const { transactionName, origin, journeyName, journeyStep, statusCode, sentBytes, receivedBytes, responseSha256 } = report;
  return JSON.stringify({
    transactionName, origin: device.transactionOriginToJSON(origin), journeyName, journeyStep, statusCode,
    sentBytes: String(sentBytes), receivedBytes: String(receivedBytes), sha256: responseSha256.toString("hex"),
  });
}

/**
 * The device swap scenario: enrol, transact on the echo route (answered,
 * failed, refused), run a journey that completes and one that stops at a
 * failed step, list reports, through `s.call(label, …)`, so that status
 * codes, metrics, records and topology of both vendors line up. Latencies
 * depend on the machine and are compared by their presence only.
 */
export const deviceSwapSteps: readonly SwapStep<DeviceServices>[] = [
  async function devices(s) {
    const enrolled = await deviceFor(s, "device", "DeviceService.EnrollDevice");
    if (!enrolled) return;
    s.record("EnrollDevice response fills", filledFields({ ...enrolled, enrollTimeUnixNano: undefined }));
    s.record("EnrollDevice: the route", device.transactionRouteToJSON(enrolled.route));
    const again = await s.call("DeviceService.EnrollDevice repeated", s.tenantA.devices.enrollDevice(device.EnrollDeviceRequest.fromPartial({
      name: enrolled.name, userId: enrolled.userId, kind: enrolled.kind, workload: { applicationId: s.config.applicationId }, labels: { swap: "proof" },
    })));
    s.record("EnrollDevice repeated returns the same device", yesNo(again?.device?.deviceId === enrolled.deviceId));
    await s.call("DeviceService.EnrollDevice reusing the name as another user", s.tenantA.devices.enrollDevice(device.EnrollDeviceRequest.fromPartial({
      name: enrolled.name, userId: "someone-else", kind: enrolled.kind, workload: { applicationId: s.config.applicationId },
    })));
    s.record("EnrollDevice without kind: BadRequest fields", await violatedFields(s.tenantA.devices.enrollDevice(device.EnrollDeviceRequest.fromPartial({
      name: uniqueName("swap-kindless"), userId: "u", workload: { applicationId: s.config.applicationId },
    }))));
    await s.call("DeviceService.GetDevice of an unknown device", s.tenantA.devices.getDevice({ deviceId: uniqueName("unknown") }));
    await s.call("DeviceService.GetDevice as tenant B", s.tenantB.devices.getDevice({ deviceId: enrolled.deviceId }));
    await s.call("DeviceService.UnenrollDevice of an unknown device", s.tenantA.devices.unenrollDevice({ deviceId: uniqueName("unknown") }));
  },

  async function transactions(s) {
    const enrolled = await deviceFor(s, "transact", "DeviceService.EnrollDevice to transact");
    if (!enrolled) return;
    const deviceId = enrolled.deviceId;
    const payload = payloadOf(300, 7);
    const answered = await s.call("TransactionService.Transact", s.tenantA.transactions.transact(device.TransactRequest.fromPartial({
      deviceId, transactionName: "checkout", payload, echo: { delayNs: 2_000_000n },
    })));
    s.record("Transact: the echo answers the payload unchanged", yesNo(answered?.payload.equals(payload) ?? false));
    s.record("Transact report", reportShape(answered?.report));
    s.record("Transact report fills", filledFields({ ...answered?.report }));
    await s.call("TransactionService.Transact failed by the echo application", s.tenantA.transactions.transact(device.TransactRequest.fromPartial({
      deviceId, transactionName: "checkout", payload, echo: { fail: true },
    })));
    await s.call("TransactionService.Transact above Limits.max_io_bytes", s.tenantA.transactions.transact(device.TransactRequest.fromPartial({
      deviceId, transactionName: "checkout", payload: Buffer.alloc(Number(s.limits.maxIoBytes) + 1),
    })));
    await s.call("TransactionService.Transact as tenant B", s.tenantB.transactions.transact(device.TransactRequest.fromPartial({
      deviceId, transactionName: "checkout", payload,
    })));
    const listed = await s.call("ExperienceService.ListExperienceReports by device",
      s.tenantA.experience.listExperienceReports(device.ListExperienceReportsRequest.fromPartial({ deviceId })));
    s.record("ListExperienceReports by device: statuses", (listed?.reports ?? []).map((r) => r.statusCode).join(","));
  },

  async function journeys(s) {
    const enrolled = await deviceFor(s, "journey", "DeviceService.EnrollDevice to run journeys");
    if (!enrolled) return;
    const deviceId = enrolled.deviceId;
    const steps = [
      { transactionName: "login", payload: payloadOf(64, 1) },
      { transactionName: "search", payload: payloadOf(256, 2), echo: { delayNs: 1_000_000n } },
      { transactionName: "checkout", payload: payloadOf(128, 3) },
    ];
    const done = await s.call("TransactionService.RunJourney", s.tenantA.transactions.runJourney(device.RunJourneyRequest.fromPartial({
      deviceId, journey: { name: "shop", steps },
    })));
    s.record("RunJourney completed", yesNo(done?.completed ?? false));
    s.record("RunJourney reports", (done?.reports ?? []).map(reportShape).join(" "));
    const broken = await s.call("TransactionService.RunJourney with a failing step", s.tenantA.transactions.runJourney(device.RunJourneyRequest.fromPartial({
      deviceId, journey: { name: "shop-broken", steps: [steps[0]!, { ...steps[1]!, echo: { fail: true } }, steps[2]!] },
    })));
    s.record("RunJourney with a failing step completed", yesNo(broken?.completed ?? false));
    s.record("RunJourney with a failing step reports", (broken?.reports ?? []).map(reportShape).join(" "));
    s.record("RunJourney with 17 steps: BadRequest fields", await violatedFields(s.tenantA.transactions.runJourney(device.RunJourneyRequest.fromPartial({
      deviceId, journey: { name: "long", steps: Array.from({ length: 17 }, () => steps[0]!) },
    }))));
  },

  async function samplesClosed(s) {
    // The transactions above show in samples once its sample interval closes: wait one, within the step's deadline.
    const intervalMs = Number(s.limits.sampleIntervalNs / 1_000_000n);
    await sleep(Math.min(intervalMs, Math.max(0, s.config.timeoutMs - 1000)));
  },
];
