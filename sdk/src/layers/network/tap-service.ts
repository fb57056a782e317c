import type { ServerWritableStream } from "@grpc/grpc-js";
import { canAccessTenant, resolveNamedTenant, resolveTenantFilter } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { newId } from "../../server/new-id.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { TapServiceService, type CreateTapRequest, type StreamTapResponse, type Tap, type TapSelector } from "./contracts.js";
import { visibleEndpoint, visibleNetwork, visibleTap, type NetworkKit } from "./network-kit.js";

/** strata.network.v1.TapService over a NetworkKit: the taps live in the kit's TapHub, whatever the switch. */
export function createTapService(kit: NetworkKit) {
  return defineService(TapServiceService, {
    createTap: (request, ctx) => kit.exclusive(async () => createTap(kit, request, ctx)),

    deleteTap: (request, ctx) => kit.exclusive(async () => {
      validate().id("tap_id", request.tapId).throwIfAny();
      const tap = kit.catalog.taps.get(request.tapId);
      if (!tap || !canAccessTenant(ctx.principal, tap.workload!.tenantId)) return {};
      kit.catalog.taps.remove(tap);
      kit.taps.close(tap.tapId);
      return {};
    }),

    getTap(request, ctx) {
      validate().id("tap_id", request.tapId).throwIfAny();
      return { tap: visibleTap(kit, ctx.principal, request.tapId) };
    },

    listTaps(request, ctx) {
      const all = [...kit.catalog.taps.values()].filter((t) => canAccessTenant(ctx.principal, t.workload!.tenantId));
      const { items, page } = paginate(all, (t) => t.tapId, request.page, { maxPageSize: kit.maxPageSize, context: ctx });
      return { taps: items, page };
    },

    async streamTap(request, ctx, call) {
      validate().id("tap_id", request.tapId).throwIfAny();
      const tap = visibleTap(kit, ctx.principal, request.tapId);
      await kit.taps.stream(tap, ctx.principal, call as ServerWritableStream<unknown, StreamTapResponse>, ctx.signal);
    },
  });
}

function createTap(kit: NetworkKit, request: CreateTapRequest, ctx: CallContext) {
  const workload = request.workload;
  const selector: TapSelector = request.selector ?? { networkIds: [], endpointIds: [], applicationIds: [], tenantIds: [] };
  const checks = validate().id("name", request.name).application("workload.application_id", workload?.applicationId ?? "")
    .id("workload.tenant_id", workload?.tenantId ?? "", false);
  selector.networkIds.forEach((id, i) => checks.id(`selector.network_ids[${i}]`, id));
  selector.endpointIds.forEach((id, i) => checks.id(`selector.endpoint_ids[${i}]`, id));
  selector.applicationIds.forEach((id, i) => checks.application(`selector.application_ids[${i}]`, id));
  selector.tenantIds.forEach((id, i) => checks.id(`selector.tenant_ids[${i}]`, id));
  checks.throwIfAny();
  const tenantId = resolveNamedTenant(ctx.principal, "workload.tenant_id", workload!.tenantId);
  if (selector.tenantIds.length > 0) resolveTenantFilter(ctx.principal, "selector.tenant_ids", selector.tenantIds);
  for (const id of selector.networkIds) visibleNetwork(kit, ctx.principal, id);
  for (const id of selector.endpointIds) visibleEndpoint(kit, ctx.principal, id);
  const stored: TapSelector = {
    networkIds: unique(selector.networkIds), endpointIds: unique(selector.endpointIds),
    applicationIds: unique(selector.applicationIds), tenantIds: unique(selector.tenantIds),
  };
  const existing = kit.catalog.taps.named(tenantId, request.name);
  if (existing) {
    const differing: string[] = [];
    if (existing.workload!.applicationId !== workload!.applicationId) differing.push("workload.application_id");
    if (JSON.stringify(existing.selector) !== JSON.stringify(stored)) differing.push("selector");
    if (differing.length > 0) throw StrataError.conflictingParameters("tap", request.name, differing);
    return { tap: existing };
  }
  const tap: Tap = {
    tapId: newId("tap"),
    name: request.name,
    workload: { tenantId, applicationId: workload!.applicationId, component: workload!.component },
    selector: stored,
    createTimeUnixNano: BigInt(Date.now()) * 1_000_000n,
  };
  kit.catalog.taps.put(tap);
  return { tap };
}

/** A list as a sorted set, so that selectors compare as sets. */
function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
