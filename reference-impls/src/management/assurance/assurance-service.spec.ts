import { status } from "@grpc/grpc-js";
import { connect, type StrataClients, type StrataError } from "@strata/sdk/client";
import { core, management } from "@strata/sdk/contracts";
import type { LayerServer } from "@strata/sdk/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createManagementServer } from "../server/create-management-server.js";
import { createActionLog } from "./action-log.js";
import { createSlaStore } from "./sla-store.js";

const SERVICES = { assurance: management.AssuranceServiceService } as const;
const codeOf = (p: Promise<unknown>) => p.then(() => status.OK, (e: StrataError) => e.code);
const CRITICAL = management.SlaPriority.SLA_PRIORITY_CRITICAL;

describe("createAssuranceService()", () => {
  const slas = createSlaStore();
  const actions = createActionLog();
  let server: LayerServer;
  let operator: StrataClients<typeof SERVICES>;
  let tenantA: StrataClients<typeof SERVICES>;

  beforeAll(async () => {
    server = createManagementServer({ auth: { insecureDevelopmentMode: true }, assurance: { slas, actions } });
    const address = await server.listen("127.0.0.1:0");
    operator = connect(address, { services: SERVICES, auth: { tenant: "ops", roles: ["operator"] } });
    tenantA = connect(address, { services: SERVICES, auth: { tenant: "tenant-a" } });
  });

  afterAll(async () => {
    operator?.close();
    tenantA?.close();
    await server?.shutdown(200);
  });

  it("should store a tenant's SLA under its own tenant, replace it by key, and show each caller what it may see", async () => {
    const set = (client: StrataClients<typeof SERVICES>, sla: Partial<management.Sla>) =>
      client.assurance.setSla(management.SetSlaRequest.fromPartial({ sla: { percentile: 99, latencyTargetNs: 50_000_000n, priority: CRITICAL, ...sla } }));
    expect((await set(tenantA, { applicationId: "trading" })).sla).toMatchObject({ tenantId: "tenant-a", applicationId: "trading" });
    await set(tenantA, { applicationId: "trading", latencyTargetNs: 40_000_000n });
    await set(operator, { tenantId: "tenant-b", applicationId: "batch", priority: management.SlaPriority.SLA_PRIORITY_BEST_EFFORT });
    const own = await tenantA.assurance.listSlas(management.ListSlasRequest.fromPartial({}));
    expect(own.slas.map((s) => [s.tenantId, s.applicationId, s.latencyTargetNs])).toEqual([["tenant-a", "trading", 40_000_000n]]);
    const all = await operator.assurance.listSlas(management.ListSlasRequest.fromPartial({}));
    expect(all.slas.map((s) => s.tenantId)).toEqual(["tenant-a", "tenant-b"]);
    actions.add(management.SlaAction.fromPartial({ sla: all.slas[1], rpc: "strata.storage.v1.QosService/SetQosPolicy", actionLayer: core.Layer.LAYER_STORAGE }));
    expect((await tenantA.assurance.listActions(management.ListActionsRequest.fromPartial({}))).actions).toEqual([]);
    expect((await operator.assurance.listActions(management.ListActionsRequest.fromPartial({}))).actions).toHaveLength(1);
    await operator.assurance.deleteSla(management.DeleteSlaRequest.fromPartial({ tenantId: "tenant-b", applicationId: "batch", percentile: 99 }));
    await operator.assurance.deleteSla(management.DeleteSlaRequest.fromPartial({ tenantId: "tenant-b", applicationId: "batch", percentile: 99 }));
    expect(slas.list().map((s) => s.tenantId)).toEqual(["tenant-a"]);
  });

  it("should answer the status codes of docs/assurance.md, naming the field", async () => {
    const setCode = (client: StrataClients<typeof SERVICES>, sla: Partial<management.Sla> | undefined) =>
      codeOf(client.assurance.setSla(management.SetSlaRequest.fromPartial(sla ? { sla: { applicationId: "trading", percentile: 99, latencyTargetNs: 1n, priority: CRITICAL, ...sla } } : {})));
    const field = (p: Promise<unknown>) => p.then(() => "", (e: StrataError) => e.message);
    expect(await setCode(tenantA, undefined)).toBe(status.INVALID_ARGUMENT);
    expect(await setCode(tenantA, { applicationId: "" })).toBe(status.INVALID_ARGUMENT);
    expect(await setCode(tenantA, { applicationId: "strata.reserved" })).toBe(status.INVALID_ARGUMENT);
    expect(await setCode(tenantA, { percentile: 90 })).toBe(status.INVALID_ARGUMENT);
    expect(await setCode(tenantA, { latencyTargetNs: 0n })).toBe(status.INVALID_ARGUMENT);
    expect(await setCode(tenantA, { priority: management.SlaPriority.SLA_PRIORITY_UNSPECIFIED })).toBe(status.INVALID_ARGUMENT);
    expect(await setCode(tenantA, { tenantId: "Not An Id!" })).toBe(status.INVALID_ARGUMENT);
    expect(await setCode(tenantA, { tenantId: "tenant-b" })).toBe(status.PERMISSION_DENIED);
    expect(await field(tenantA.assurance.setSla(management.SetSlaRequest.fromPartial({ sla: { applicationId: "trading", percentile: 7, priority: CRITICAL } }))))
      .toMatch(/sla\.percentile.*sla\.latency_target_ns|sla\.latency_target_ns.*sla\.percentile/s);
    const deleteCode = (request: Partial<management.DeleteSlaRequest>) =>
      codeOf(tenantA.assurance.deleteSla(management.DeleteSlaRequest.fromPartial({ applicationId: "trading", percentile: 99, ...request })));
    expect(await deleteCode({ applicationId: "" })).toBe(status.INVALID_ARGUMENT);
    expect(await deleteCode({ percentile: 0 })).toBe(status.INVALID_ARGUMENT);
    expect(await deleteCode({ tenantId: "tenant-b" })).toBe(status.PERMISSION_DENIED);
    expect(await deleteCode({ applicationId: "never-set" })).toBe(status.OK);
    expect(await codeOf(tenantA.assurance.listSlas(management.ListSlasRequest.fromPartial({ tenantIds: ["tenant-b"] })))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(operator.assurance.listSlas(management.ListSlasRequest.fromPartial({ tenantIds: ["Not An Id!"] })))).toBe(status.INVALID_ARGUMENT);
    expect(await codeOf(tenantA.assurance.listActions(management.ListActionsRequest.fromPartial({ tenantIds: ["tenant-b"] })))).toBe(status.PERMISSION_DENIED);
    expect(await codeOf(operator.assurance.listActions(management.ListActionsRequest.fromPartial({ tenantIds: ["Not An Id!"] })))).toBe(status.INVALID_ARGUMENT);
  });
});
