import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { dataPathInterceptor } from "../../server/data-path-interceptor.js";
import { defineService } from "../../server/service-registration.js";
import type { DataPathRecord } from "../../telemetry/data-path-record.js";
import { TRANSACT_OPERATION } from "./device-catalogue.js";
import { ownerOf, visibleDevice, type DeviceKit } from "./device-kit.js";
import { TransactionOrigin, TransactionServiceService, type ExperienceReport } from "./contracts.js";
import { issueRecorded, issueTransaction } from "./issue-transaction.js";
import { journeyOf, transactionOf } from "./transaction-request.js";

/**
 * The record of every Transact (dataPathInterceptor), whatever answers it:
 * createDeviceServer puts it on the server so that a customized transaction
 * service keeps it. A journey's steps are recorded by the kit, one record
 * each.
 */
export const deviceDataPath = dataPathInterceptor(TransactionServiceService, {
  transact: { operation: TRANSACT_OPERATION, resourceId: (request) => request.deviceId },
});

/**
 * strata.device.v1.TransactionService: issues transactions from a device,
 * one (Transact) or a journey's steps in order (RunJourney), each with its
 * record and experience report.
 */
export function createTransactionService(kit: DeviceKit) {
  return defineService(TransactionServiceService, {
    async transact(request, ctx) {
      const step = transactionOf(request);
      const device = visibleDevice(kit, ctx.principal, request.deviceId);
      const record = recordOf(ctx);
      record.resolve(ownerOf(device, step.transactionName));
      const outcome = await issueTransaction(kit, {
        ...step, device, origin: TransactionOrigin.TRANSACTION_ORIGIN_TRANSACT, record, context: ctx, signal: ctx.signal,
      });
      if (!outcome.answer) throw outcome.error;
      return { payload: outcome.answer, report: outcome.report };
    },

    async runJourney(request, ctx) {
      const journey = journeyOf(request, kit.maxIoBytes);
      const device = visibleDevice(kit, ctx.principal, request.deviceId);
      const reports: ExperienceReport[] = [];
      for (const [i, step] of journey.steps.entries()) {
        const { report } = await issueRecorded(kit, device, step, {
          tenantId: ctx.principal.tenantId, applicationId: ctx.applicationId, trace: ctx.trace,
          origin: TransactionOrigin.TRANSACTION_ORIGIN_JOURNEY, journey: { name: journey.name, step: i + 1 }, signal: ctx.signal,
        });
        reports.push(report);
        if (report.statusCode !== 0) break;
      }
      return { reports, completed: reports.length === journey.steps.length && reports.every((r) => r.statusCode === 0) };
    },
  });
}

function recordOf(ctx: CallContext): DataPathRecord {
  if (!ctx.dataPath) throw StrataError.internal(new Error("device Transact served without its data-path interceptor"));
  return ctx.dataPath;
}
