import { resolveTenantFilter, type Principal } from "../auth/principal.js";
import { StrataError, type FieldViolation } from "../errors/strata-error.js";
import { Layer } from "../gen/strata/core/v1/layer.js";
import { Mode, Selector, type SubscribeRequest } from "../gen/strata/telemetry/v1/telemetry.js";
import { heartbeatDelayMs, heartbeatViolation } from "../server/heartbeat-interval.js";
import { createItemFilter, type ItemFilter } from "./item-filter.js";

/** A validated SubscribeRequest, in the units the server works in. */
export interface Subscription {
  mode: Mode.MODE_STREAM | Mode.MODE_ONCE;
  filter: ItemFilter;
  /** sample_interval_ns as a multiple of the base interval (1 = base). */
  intervalMultiple: number;
  heartbeatMs: number;
  /** 0 for a fresh stream (always 0 in MODE_ONCE, which ignores resume). */
  resumeAfter: number;
  resumeLogId: string;
}

export interface SubscriptionLimits {
  baseIntervalNs: bigint;
  /** The largest sample_interval_ns multiple served. */
  maxIntervalMultiple: number;
  heartbeatDefaultMs: number;
  logId: string;
  /** The log's last sequence: a resume beyond it is not a position of this log. */
  head: number;
}

const LAYERS = new Set(Object.values(Layer).filter((v): v is Layer => typeof v === "number" && v > 0));

/**
 * Checks a request against the Subscribe contract: INVALID_ARGUMENT naming
 * every bad field, then PERMISSION_DENIED for a tenant the caller may not see.
 * Throws before anything is written, so the kit sends the status.
 */
export function parseSubscribeRequest(request: SubscribeRequest, principal: Principal, limits: SubscriptionLimits): Subscription {
  const violations: FieldViolation[] = [];
  const selector = request.selector ?? Selector.create();
  const mode = request.mode;
  if (mode !== Mode.MODE_STREAM && mode !== Mode.MODE_ONCE) {
    violations.push({ field: "mode", description: "must be MODE_STREAM or MODE_ONCE" });
  }
  const heartbeat = heartbeatViolation(request.heartbeatIntervalNs);
  if (heartbeat) violations.push(heartbeat);
  const base = limits.baseIntervalNs;
  const interval = request.sampleIntervalNs === 0n ? base : request.sampleIntervalNs;
  const multiple = Number(interval / base);
  if (interval % base !== 0n) {
    violations.push({ field: "sample_interval_ns", description: `must be a whole multiple of the base interval ${base} ns` });
  } else if (multiple > limits.maxIntervalMultiple) {
    violations.push({ field: "sample_interval_ns", description: `must be at most ${limits.maxIntervalMultiple} × the base interval ${base} ns` });
  }
  for (const layer of selector.layers) {
    if (!LAYERS.has(layer)) violations.push({ field: "selector.layers", description: `${layer} is not a layer` });
  }
  // A log id with sequence 0 resumes too: the subscriber synced on that log while it was empty, and misses all of it since.
  const resuming = mode === Mode.MODE_STREAM && (request.resumeAfterSequence > 0n || request.resumeLogId !== "");
  if (resuming && request.resumeLogId === "") {
    violations.push({ field: "resume_log_id", description: "is required with resume_after_sequence" });
  }
  if (resuming && request.resumeLogId === limits.logId && request.resumeAfterSequence > BigInt(limits.head)) {
    violations.push({ field: "resume_after_sequence", description: `is beyond the last sequence ${limits.head} of log ${limits.logId}` });
  }
  if (violations.length > 0) throw StrataError.invalidFields(violations);

  const tenants = resolveTenantFilter(principal, "selector.tenant_ids", selector.tenantIds);
  return {
    mode: mode as Subscription["mode"],
    filter: createItemFilter(selector, tenants, multiple),
    intervalMultiple: multiple,
    heartbeatMs: heartbeatDelayMs(request.heartbeatIntervalNs, limits.heartbeatDefaultMs),
    resumeAfter: resuming ? Number(request.resumeAfterSequence) : 0,
    resumeLogId: resuming ? request.resumeLogId : "",
  };
}
