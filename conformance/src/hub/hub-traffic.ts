import { hub, rpc } from "@strata/sdk/contracts";
import { describeError } from "../helpers/describe-error.js";
import { pause } from "../helpers/pause.js";
import { uniqueApplicationId } from "../helpers/unique-name.js";
import type { DrivenCall, DrivenResource } from "../registry/traffic-driver.js";
import type { LayerCheckContext } from "../runner/check-context.js";
import { hubOf } from "./hub-services.js";
import { RELAY_WAIT_MS } from "./relay-wait.js";

type HubContext = LayerCheckContext<any>;

/** The hub's limits, asserted answered. */
export async function hubLimits(t: HubContext): Promise<hub.GetHubLimitsResponse> {
  return t.expectCode(hubOf(t.operator).getHubLimits({}), rpc.Code.OK, "HubService.GetHubLimits by the operator");
}

/**
 * Waits until no endpoint of the hub was disturbed (docs/hub.md,
 * "Disturbances") for two settle windows, as ListEndpoints reports it, so
 * that the transactions a check then makes are judged without
 * INCOMPLETE_REASON_GAP: a hub just started, or whose endpoint just
 * restarted, rightly marks them so.
 */
export async function undisturbed(t: HubContext, settleNs: bigint): Promise<void> {
  const deadline = Date.now() + Number(settleNs / 1_000_000n) * 4 + RELAY_WAIT_MS;
  for (;;) {
    const { endpoints } = await t.expectCode(hubOf(t.operator).listEndpoints({ page: undefined }), rpc.Code.OK, "HubService.ListEndpoints by the operator");
    const now = BigInt(Date.now()) * 1_000_000n;
    const disturbed = endpoints.filter((e) => e.state !== hub.EndpointState.ENDPOINT_STATE_SYNCED || now - e.lastDisturbanceTimeUnixNano < 2n * settleNs);
    if (disturbed.length === 0) return;
    if (Date.now() > deadline || t.signal.aborted) {
      return t.fail(`the hub's endpoints ${disturbed.map((e) => e.target).join(", ")} were still disturbed (ListEndpoints) within four settle windows and the relay wait; the check needs them synced`);
    }
    await pause(50, t.signal);
  }
}

/** Traced calls made behind the hub on a resource of an application of their own, and the transactions the hub judged them as. */
export interface DrivenTransactions {
  readonly resource: DrivenResource;
  readonly applicationId: string;
  readonly calls: readonly DrivenCall[];
  /** GetTransaction's answer for each call, by its trace id, as the caller that made them. */
  readonly transactions: ReadonlyMap<string, hub.Transaction>;
}

/**
 * Creates a resource behind the hub in an application of its own, makes
 * `count` traced calls on it (as `as`, tenant A by default), and waits until
 * the hub has judged each as a transaction: at most the settle window the
 * hub declares, and the relay wait, after the last call.
 */
export async function drivenTransactions(t: HubContext, stem: string, count: number, as: "tenantA" | "tenantB" = "tenantA"): Promise<DrivenTransactions> {
  const { settleNs } = await hubLimits(t);
  await undisturbed(t, settleNs);
  const applicationId = uniqueApplicationId(t, stem);
  const resource = await t.module.driver.create(t, { stem, applicationId, as: t[as] });
  const calls: DrivenCall[] = [];
  for (let index = 0; index < count; index++) {
    calls.push(await t.module.driver.call(t, resource, { label: `call #${index + 1}`, index, applicationId, as: t[as] }));
  }
  const deadline = Date.now() + Number(settleNs / 1_000_000n) * 2 + RELAY_WAIT_MS;
  const transactions = new Map<string, hub.Transaction>();
  for (const call of calls) {
    for (;;) {
      const answer = await hubOf(t[as]).getTransaction({ traceId: call.trace.traceId }).then(
        (r) => ({ transaction: r.transaction }), (error: unknown) => ({ error }));
      if ("transaction" in answer && answer.transaction) {
        transactions.set(call.trace.traceId, answer.transaction);
        break;
      }
      if ("error" in answer && (answer.error as { code?: number }).code !== rpc.Code.NOT_FOUND) {
        return t.fail(`HubService.GetTransaction of ${call.what}'s trace ${call.trace.traceId} answered ${describeError(answer.error)}`);
      }
      if (Date.now() > deadline || t.signal.aborted) {
        return t.fail(`the hub judged no transaction for ${call.what} (trace ${call.trace.traceId}) within twice its settle window `
          + `(${settleNs} ns) and ${RELAY_WAIT_MS} ms of relay after the call; GetTransaction still answers NOT_FOUND`);
      }
      await pause(50, t.signal);
    }
  }
  return { resource, applicationId, calls, transactions };
}
