import { setTimeout as sleep } from "node:timers/promises";
import { connect, type ClientAuth, type StrataClients } from "@strata/sdk/client";
import { DEVICE_SERVICES, device } from "@strata/sdk/device";
import type { ProvisionedApplication } from "./provision-applications.js";
import type { WorkloadConfig } from "./stack-config.js";

/** What the devices saw. */
export interface WorkloadResult {
  /** Transactions answered OK, and those that failed, by gRPC status code. */
  ok: number;
  failed: number;
  failures: Map<number, number>;
  /** Wall time of the run, ms. */
  elapsedMs: number;
  /** OK transactions per second. */
  perSecond: number;
  /** Each OK transaction: its trace id (hex, empty when untraced), the latency its device reported and the one its caller measured around Transact, ns. */
  seen: Array<{ traceId: string; latencyNs: bigint; observedNs: bigint; tenantId: string; applicationId: string }>;
}

export interface WorkloadOptions {
  deviceAddress: string;
  applications: readonly ProvisionedApplication[];
  authOf(tenantId: string): Promise<ClientAuth>;
  workload: Pick<WorkloadConfig, "rate" | "durationSeconds" | "concurrency" | "payloadBytes">;
  /** Stops the run early. */
  signal?: AbortSignal;
}

/**
 * Drives device transactions (Transact, each from one of the applications'
 * devices in turn) at `rate` per second, or as fast as `concurrency`
 * allows when the rate is 0, for the workload's duration, each through the
 * device's route as its endpoint is wired.
 */
export async function runWorkload(options: WorkloadOptions): Promise<WorkloadResult> {
  const { workload, applications } = options;
  const clients = new Map<string, StrataClients<typeof DEVICE_SERVICES>>();
  for (const app of applications) {
    const key = `${app.tenantId}/${app.applicationId}`;
    clients.set(key, connect(options.deviceAddress, { services: DEVICE_SERVICES, auth: await options.authOf(app.tenantId), applicationId: app.applicationId }));
  }
  const senders = applications.flatMap((app) => app.deviceIds.map((deviceId) => ({ app, deviceId, client: clients.get(`${app.tenantId}/${app.applicationId}`)! })));
  if (senders.length === 0) throw new Error("the workload has no device to transact from");
  const payload = Buffer.alloc(workload.payloadBytes, 0x61);
  const result: WorkloadResult = { ok: 0, failed: 0, failures: new Map(), elapsedMs: 0, perSecond: 0, seen: [] };
  const started = performance.now();
  const endsAt = started + workload.durationSeconds * 1000;
  let issued = 0;

  const transact = async (index: number) => {
    const { app, deviceId, client } = senders[index % senders.length]!;
    const begin = process.hrtime.bigint();
    try {
      const { report } = await client.transactions.transact(device.TransactRequest.fromPartial({ deviceId, transactionName: "checkout", payload }));
      result.ok++;
      result.seen.push({
        traceId: Buffer.from(report?.traceId ?? []).toString("hex"), latencyNs: report?.latencyNs ?? 0n,
        observedNs: process.hrtime.bigint() - begin, tenantId: app.tenantId, applicationId: app.applicationId,
      });
    } catch (error) {
      result.failed++;
      const code = (error as { code?: number }).code ?? -1;
      result.failures.set(code, (result.failures.get(code) ?? 0) + 1);
    }
  };

  const inFlight = new Set<Promise<void>>();
  try {
    while (performance.now() < endsAt && !options.signal?.aborted) {
      if (workload.rate > 0) {
        const due = started + (issued * 1000) / workload.rate;
        if (due > performance.now()) await sleep(due - performance.now());
        if (performance.now() >= endsAt) break;
      }
      if (inFlight.size >= workload.concurrency) await Promise.race(inFlight);
      const call = transact(issued++).finally(() => inFlight.delete(call));
      inFlight.add(call);
    }
    await Promise.all(inFlight);
  } finally {
    for (const client of clients.values()) client.close();
  }
  result.elapsedMs = performance.now() - started;
  result.perSecond = result.ok / (result.elapsedMs / 1000);
  return result;
}
