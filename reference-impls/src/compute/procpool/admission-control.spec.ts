import { compute } from "@strata/sdk/compute";
import { isStrataError } from "@strata/sdk/server";
import { describe, expect, it } from "vitest";
import type { GateRequest } from "../shared/pool-backend.js";
import { AdmissionControl } from "./admission-control.js";

const signal = new AbortController().signal;
const unit = (instanceId: string, fields: Partial<GateRequest> = {}): GateRequest => ({
  tenantId: "t", instanceId, vcpus: () => 1, policies: () => ({ tenant: undefined, instance: undefined }), signal, ...fields,
});

describe("AdmissionControl", () => {
  it("should run at most `cores` units and one per vCPU, first come first served", async () => {
    const admission = new AdmissionControl(2, () => 0);
    const order: string[] = [];
    const a1 = await admission.enter(unit("a"));
    const a2 = admission.enter(unit("a")).then((slot) => { order.push("a2"); return slot; });
    const b1 = await admission.enter(unit("b"));
    order.push("b1");
    const c1 = admission.enter(unit("c")).then((slot) => { order.push("c1"); return slot; });
    a1.done(0);
    (await a2).done(0);
    b1.done(0);
    (await c1).done(0);
    expect(order).toEqual(["b1", "a2", "c1"]);
  });

  it("should refuse a unit over its instance's CPU limit at once, with the time until the limit allows it", async () => {
    let clock = 0;
    const admission = new AdmissionControl(1, () => clock);
    const limited = { tenant: undefined, instance: compute.CpuPolicy.fromPartial({ cpuLimitMillicores: 100 }) };
    (await admission.enter(unit("a", { policies: () => limited }))).done(10_000_000); // 10 ms of CPU at 0.1 core
    const refused = await admission.enter(unit("a", { policies: () => limited })).catch((error: unknown) => error);
    expect(isStrataError(refused) && [refused.code, refused.reasonName, refused.retryDelayMs]).toEqual([8, "ERROR_REASON_THROTTLED", 100]);
    clock += 100;
    (await admission.enter(unit("a", { policies: () => limited }))).done(0);
  });
});
