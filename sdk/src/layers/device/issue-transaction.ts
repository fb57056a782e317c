import { createHash } from "node:crypto";
import { status } from "@grpc/grpc-js";
import type { TraceContext } from "../../server/call-span.js";
import { CallSpan } from "../../server/call-span.js";
import { DataPathRecord, statusCodeOf } from "../../telemetry/data-path-record.js";
import { DEVICE_MEASUREMENTS, TRANSACT_OPERATION } from "./device-catalogue.js";
import type { TransactionContext } from "./device-backend.js";
import { ownerOf, type DeviceKit } from "./device-kit.js";
import type { Device, ExperienceReport, TransactionOrigin } from "./contracts.js";
import type { TransactionStep } from "./transaction-request.js";

const NO_BYTES = Buffer.alloc(0);

/** A transaction the kit issues from a device: what it is, what issued it, and the record it yields. */
export interface IssueInput extends TransactionStep {
  device: Device;
  origin: TransactionOrigin;
  journey?: { name: string; step: number } | undefined;
  /** Its request record, resolved to the device: it starts when the device issued the transaction. */
  record: DataPathRecord;
  /** What calls to other layers for it carry: the record's span. */
  context: TransactionContext;
  signal: AbortSignal;
}

/** How a transaction ended: the application's answer, or the error it failed with, and its experience report. */
export interface TransactionOutcome {
  answer?: Buffer;
  error?: unknown;
  report: ExperienceReport;
}

/**
 * Issues one transaction through the backend and the endpoint's route,
 * measures the latency its user saw (from the record's start, when the
 * device issued it, to the answer or the failure), fills in the record's
 * bytes and measurement, and keeps its experience report, which carries the
 * record's tenant, application, trace and span. The caller finishes the
 * record with the report's status code.
 */
export async function issueTransaction(kit: DeviceKit, input: IssueInput): Promise<TransactionOutcome> {
  const { device, transactionName, payload, echo, origin, record, context, signal } = input;
  const issuedAtUnixNano = record.startTimeUnixNano;
  let answer: Buffer | undefined;
  let error: unknown;
  try {
    answer = await kit.backend.transact({
      device, transactionName, payload, echo, origin, issuedAtUnixNano, context, signal,
      exchange: (bytes) => kit.route.exchange({ device, transactionName, payload: bytes, echo, context, signal }),
    });
  } catch (caught) {
    error = caught;
  }
  const latencyNs = Math.max(0, Number(kit.telemetry.now() - issuedAtUnixNano));
  const statusCode = answer ? status.OK : statusCodeOf(error);
  if (answer) {
    record.payloadBytes = payload.length + answer.length;
    record.measurements = { [DEVICE_MEASUREMENTS.userLatency]: latencyNs };
  } else {
    kit.catalog.countFailure(record.tenantId, record.applicationId, device.deviceId);
  }
  const traceId = context.span.traceId;
  const report: ExperienceReport = {
    reportId: kit.catalog.nextReportId(),
    deviceId: device.deviceId,
    tenantId: record.tenantId,
    applicationId: record.applicationId,
    userId: device.userId,
    deviceKind: device.kind,
    transactionName,
    origin,
    journeyName: input.journey?.name ?? "",
    journeyStep: input.journey?.step ?? 0,
    startTimeUnixNano: issuedAtUnixNano,
    latencyNs: BigInt(latencyNs),
    statusCode,
    sentBytes: BigInt(payload.length),
    receivedBytes: BigInt(answer?.length ?? 0),
    responseSha256: answer ? createHash("sha256").update(answer).digest() : NO_BYTES,
    route: kit.route.route,
    traceId: traceId ?? NO_BYTES,
    spanId: traceId ? context.span.spanId : NO_BYTES,
  };
  kit.catalog.addReport(report);
  return { answer, error, report };
}

/** Who issues a transaction that no Transact call records: a journey's caller, or the endpoint itself. */
export interface RecordedIssuer {
  /** The caller's tenant (the record's until it resolves the device). */
  tenantId: string;
  /** The caller's strata-application-id, if any. */
  applicationId: string | undefined;
  /** The caller's trace context, if it sent one. */
  trace: TraceContext | undefined;
  /** Start a trace, the device's span its root (the endpoint's own transactions). */
  startsTrace?: boolean;
  origin: TransactionOrigin;
  journey?: { name: string; step: number };
  signal: AbortSignal;
}

/**
 * Issues a transaction with a request record of its own (a journey's step,
 * a transaction of the endpoint's own): a new span, child of the caller's,
 * or the root of a new trace; the record starts now and ends with the
 * transaction.
 */
export async function issueRecorded(kit: DeviceKit, device: Device, step: TransactionStep, issuer: RecordedIssuer): Promise<TransactionOutcome> {
  const span = new CallSpan(issuer.trace);
  if (issuer.startsTrace) span.traceparent(); // makes up the trace id: the device's span is the root
  const record = new DataPathRecord(kit.telemetry, {
    operation: TRANSACT_OPERATION, startTimeUnixNano: kit.telemetry.now(), resourceId: device.deviceId,
    tenantId: issuer.tenantId, applicationId: issuer.applicationId, span,
  });
  record.resolve(ownerOf(device, step.transactionName));
  const outcome = await issueTransaction(kit, {
    ...step, device, origin: issuer.origin, journey: issuer.journey, record,
    context: { span, applicationId: issuer.applicationId, dataPath: record }, signal: issuer.signal,
  });
  record.finish(outcome.report.statusCode);
  return outcome;
}
