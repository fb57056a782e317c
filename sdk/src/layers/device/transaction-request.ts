import { validate, type Violations } from "../../server/validate.js";
import type { EchoSpec } from "./device-backend.js";
import type { EchoBehaviour, RunJourneyRequest, TransactRequest } from "./contracts.js";
import { MAX_ECHO_DELAY_NS } from "./echo-application.js";

/** The most steps a journey may have. */
export const MAX_JOURNEY_STEPS = 16;

/** One transaction as a request asks for it, checked. */
export interface TransactionStep {
  transactionName: string;
  payload: Buffer;
  echo: EchoSpec;
}

/** echo.delay_ns within its bound (at `field`), and the echo behaviour as the kit uses it. */
function echoOf(checks: Violations, field: string, echo: EchoBehaviour | undefined): EchoSpec {
  const delayNs = echo?.delayNs ?? 0n;
  if (delayNs > BigInt(MAX_ECHO_DELAY_NS)) checks.add(field, `must be at most ${MAX_ECHO_DELAY_NS} (one second)`);
  return { delayNs: Number(delayNs), fail: echo?.fail ?? false };
}

/**
 * The transaction of a TransactRequest, checked against docs/device.md
 * (INVALID_ARGUMENT naming every bad field); the payload's bound is the
 * data-path interceptor's.
 */
export function transactionOf(request: TransactRequest): TransactionStep {
  const checks = validate().id("device_id", request.deviceId).id("transaction_name", request.transactionName);
  const echo = echoOf(checks, "echo.delay_ns", request.echo);
  checks.throwIfAny();
  return { transactionName: request.transactionName, payload: Buffer.from(request.payload), echo };
}

/** The journey of a RunJourneyRequest, checked: its name, 1 to 16 steps, each step, their payloads together. */
export function journeyOf(request: RunJourneyRequest, maxIoBytes: number): { name: string; steps: TransactionStep[] } {
  const checks = validate().id("device_id", request.deviceId);
  const journey = request.journey;
  checks.id("journey.name", journey?.name ?? "");
  const steps = journey?.steps ?? [];
  if (steps.length === 0 || steps.length > MAX_JOURNEY_STEPS) checks.add("journey.steps", `must hold 1 to ${MAX_JOURNEY_STEPS} steps`);
  let bytes = 0;
  const checked = steps.map((step, i) => {
    checks.id(`journey.steps[${i}].transaction_name`, step.transactionName);
    bytes += step.payload.length;
    return { transactionName: step.transactionName, payload: Buffer.from(step.payload), echo: echoOf(checks, `journey.steps[${i}].echo.delay_ns`, step.echo) };
  });
  if (bytes > maxIoBytes) checks.add("journey.steps", `payloads together must be at most ${maxIoBytes} bytes (Limits.max_io_bytes)`);
  checks.throwIfAny();
  return { name: journey!.name, steps: checked };
}
