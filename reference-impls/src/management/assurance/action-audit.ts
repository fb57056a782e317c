import { management } from "@strata/sdk/contracts";
import type { ActionLog } from "./action-log.js";
import type { ControlCall, LayerControl } from "./layer-control.js";
import { slaKey } from "./sla-store.js";

/** The controller's audit (MGMT-ASSURE-5): every control call as an SlaAction, its percentile after filled in by the next window. */
export interface ActionAudit {
  /** Audits one call a control sent for an SLA: `fields` carry the cause, the tenant it limits, relax, the percentile before. */
  record(sla: management.Sla, fields: Partial<management.SlaAction>, call: ControlCall, control: LayerControl): void;
  /** A window of the SLA `key` starting at `windowStartNs` had percentile `p`: the actions taken before it learn their effect. */
  effect(key: string, windowStartNs: bigint, p: number): void;
}

/** Audits into `log`, stamping each action with `now()`; at most `pending` actions wait for their effect (memory stays bounded). */
export function createActionAudit(log: ActionLog, now: () => bigint, pending = 1000): ActionAudit {
  const awaitingEffect: Array<{ key: string; action: management.SlaAction }> = [];
  return {
    record(sla, fields, call, control) {
      const action = log.add(management.SlaAction.fromPartial({
        ...fields, timeUnixNano: now(), sla, actionLayer: control.layer, rpc: call.rpc, requestJson: call.requestJson, statusCode: call.statusCode, endpoint: control.endpoint,
      }));
      awaitingEffect.push({ key: slaKey(sla.tenantId, sla.applicationId, sla.percentile), action });
      // An application that never has another window leaves its actions' effect at 0.
      if (awaitingEffect.length > pending) awaitingEffect.shift();
    },
    effect(key, windowStartNs, p) {
      for (let i = awaitingEffect.length - 1; i >= 0; i--) {
        const waiting = awaitingEffect[i]!;
        if (waiting.key === key && windowStartNs >= waiting.action.timeUnixNano) {
          waiting.action.percentileAfterNs = BigInt(Math.round(p));
          awaitingEffect.splice(i, 1);
        }
      }
    },
  };
}
