import { setTimeout as sleep } from "node:timers/promises";
import { readHubReport, type HubReport } from "./hub-report.js";
import { launchStack, type LaunchOptions, type RunningStack } from "./launch-stack.js";
import { provisionApplication, type ProvisionedApplication } from "./provision-applications.js";
import { runWorkload, type WorkloadResult } from "./run-workload.js";
import type { StackConfig, StackLayer } from "./stack-config.js";
import { STACK_LAYERS } from "./stack-config.js";
import { waitUntilReady } from "./wait-until-ready.js";

/** A stack that is up, provisioned and ready for load. */
export interface ProvisionedStack extends RunningStack {
  readonly applications: ProvisionedApplication[];
}

/** Launches the stack of `config`, provisions every tenant's applications as that tenant, and waits for the hub to hold a synced stream of every layer. */
export async function startStack(config: StackConfig, options: LaunchOptions = {}): Promise<ProvisionedStack> {
  const stack = await launchStack(config, options);
  try {
    const addresses = Object.fromEntries(STACK_LAYERS.map((l) => [l, stack.endpoints[l].address])) as Record<StackLayer, string>;
    const applications: ProvisionedApplication[] = [];
    for (const tenant of config.tenants) {
      for (const applicationId of tenant.applications) {
        applications.push(await provisionApplication({
          tenantId: tenant.id, applicationId, auth: await stack.credentials.tenant(tenant.id), addresses, devices: config.workload.devicesPerApplication,
        }));
      }
    }
    await waitUntilReady(stack.hubAddress, stack.credentials.operator);
    // Until every stream synced the hub was disturbed: what opens within a settle window after is judged incomplete.
    await sleep(config.settleMs);
    return Object.assign(stack, { applications });
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/** One run: the workload on a provisioned stack, then what the hub says once the last transactions were judged. */
export async function runOnce(stack: ProvisionedStack, signal?: AbortSignal): Promise<{ workload: WorkloadResult; report: HubReport }> {
  const { config } = stack;
  const workload = await runWorkload({
    deviceAddress: stack.endpoints.device.address, applications: stack.applications,
    authOf: (tenant) => stack.credentials.tenant(tenant), workload: config.workload, ...(signal ? { signal } : {}),
  });
  // Every transaction is judged a settle window after its last record, and counted at the end of its interval.
  await sleep(config.settleMs + 2 * config.sampleIntervalMs + 500);
  const windowNs = BigInt(Math.ceil(workload.elapsedMs + config.settleMs + 60_000)) * 1_000_000n;
  return { workload, report: await readHubReport(stack.hubAddress, stack.credentials.operator, windowNs) };
}
