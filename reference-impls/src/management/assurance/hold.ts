import type { management } from "@strata/sdk/contracts";
import type { ActionAudit } from "./action-audit.js";
import type { ResolvedControllerOptions } from "./controller-options.js";
import type { ControlCall, LayerControl, Load } from "./layer-control.js";
import type { LayerLoad } from "./layer-load.js";
import type { SerialWork } from "./serial-work.js";
import { stepDown } from "./step-down.js";

/** What the controller holds on one endpoint's layer for one tenant (limited, or favoured when tenantId is ""), shared by SLAs. */
export interface Hold {
  /** The keys of the SLAs holding it: undone once the last lets go. */
  holders: Set<string>;
  undo: Array<{ call: ControlCall; undo: () => Promise<ControlCall[]> }>;
  /** The rates the calls limited the tenant to. */
  limits: Array<Partial<Load>>;
  control: LayerControl;
  tenantId: string;
  sla: management.Sla;
  /** Hub time of the limit or of the last step down, ns. */
  steppedAtNs: bigint;
  /** Steps down since the first limit. */
  steps: number;
  /** A step is being sent. */
  stepping: boolean;
}

/** What holds are kept with: the competitors' load, the audit, the controller's work queue, its options. */
export interface HoldContext {
  load: LayerLoad;
  audit: ActionAudit;
  work: SerialWork;
  o: ResolvedControllerOptions;
}

/** Whether the tenant a hold limits still loads its layer at pressingFraction of a limit or more: relaxing would bring the risk back. */
export function presses(h: Hold | undefined, { load, o }: Pick<HoldContext, "load" | "o">): boolean {
  if (!h || h.tenantId === "") return false;
  const now = load.of(h.control.layer, h.tenantId);
  return h.limits.some((l) => (l.opsPerSecond !== undefined && now.opsPerSecond >= o.pressingFraction * l.opsPerSecond)
    || (l.bytesPerSecond !== undefined && now.bytesPerSecond >= o.pressingFraction * l.bytesPerSecond));
}

/**
 * Still at risk from a layer where a competitor is held and still presses
 * against its limit: the limit is stepped down (tightenFraction of the
 * tightest one held), at most once per stepIntervalNs so that the step
 * before has shown its effect, never under the control's floor (the
 * control sends nothing there). Relaxing undoes the first limit.
 */
export function tighten(h: Hold, sla: management.Sla, cause: string, before: number, atNs: bigint, context: HoldContext): void {
  const { load, audit, work, o } = context;
  if (!h.control.tighten || h.stepping || h.limits.length === 0 || atNs - h.steppedAtNs < o.stepIntervalNs || !presses(h, context)) return;
  const { next, against } = stepDown(h.limits, o.tightenFraction, load.of(h.control.layer, h.tenantId));
  h.stepping = true;
  h.steppedAtNs = atNs;
  work.enqueue(async () => {
    try {
      const calls = await h.control.tighten!(h.tenantId, next);
      for (const call of calls) {
        audit.record(sla, {
          cause: `${cause}; ${h.tenantId} still presses against its limit (${against}): stepped down to ${o.tightenFraction * 100} % of it (step ${h.steps + 1})`,
          causeLayer: h.control.layer, percentileBeforeNs: BigInt(Math.round(before)), targetTenantId: h.tenantId,
        }, call, h.control);
      }
      const limits = calls.filter((c) => c.statusCode === 0 && c.limit).map((c) => c.limit!);
      if (limits.length > 0) {
        h.limits = limits;
        h.steps++;
      }
    } finally {
      h.stepping = false;
    }
  });
}
