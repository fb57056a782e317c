import { canAccessTenant, resolveNamedTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import type { CallContext } from "../../server/call-context.js";
import { newId } from "../../server/new-id.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { visibleEntryPoint, type AccessKit } from "./access-kit.js";
import { checkComputeInstance } from "./compute-entry-point.js";
import { ComputeWork, EntryPointServiceService, type EntryPoint, type RegisterEntryPointRequest } from "./contracts.js";
import { MAX_ECHO_DELAY_NS } from "./echo-entry-point.js";
import { differingLabels } from "./labels.js";

/** strata.access.v1.EntryPointService over an AccessKit. */
export function createEntryPointService(kit: AccessKit) {
  return defineService(EntryPointServiceService, {
    async registerEntryPoint(request, ctx) {
      const tenantId = checkRegister(kit, request, ctx);
      // The compute endpoint is asked outside the catalogue's lock: a slow one holds up no other create.
      if (request.compute && !kit.catalog.entryPointByName(tenantId, request.name)) await checkComputeInstance(kit.compute!, request.compute, tenantId);
      return kit.exclusive(async () => ({ entryPoint: register(kit, request, tenantId) }));
    },

    deregisterEntryPoint: (request, ctx) => kit.exclusive(async () => {
      validate().id("entry_point_id", request.entryPointId).throwIfAny();
      const found = kit.catalog.entryPoints.get(request.entryPointId);
      // Absent and foreign entry points answer OK alike: removal is idempotent and leaks nothing.
      if (!found || !canAccessTenant(ctx.principal, found.workload!.tenantId)) return {};
      const sessions = kit.catalog.sessionsOf(found.entryPointId);
      if (sessions.length > 0) {
        throw StrataError.busy("entry point", found.entryPointId, `has ${sessions.length} session(s), open or closed: delete them first`);
      }
      kit.catalog.removeEntryPoint(found);
      kit.topology.removeEntryPoint(found);
      return {};
    }),

    getEntryPoint(request, ctx) {
      validate().id("entry_point_id", request.entryPointId).throwIfAny();
      return { entryPoint: visibleEntryPoint(kit, ctx.principal, request.entryPointId) };
    },

    listEntryPoints(request, ctx) {
      validate().application("application_id", request.applicationId, false).throwIfAny();
      const all = [...kit.catalog.entryPoints.values()].filter((e) => canAccessTenant(ctx.principal, e.workload!.tenantId)
        && (request.applicationId === "" || e.workload!.applicationId === request.applicationId));
      const { items, page } = paginate(all, (e) => e.entryPointId, request.page, {
        maxPageSize: kit.maxPageSize, filters: request.applicationId, context: ctx,
      });
      return { entryPoints: items, page };
    },
  });
}

/** The request's own fields, then the tenant it names, then the feature it needs (the general error order); returns the tenant. */
function checkRegister(kit: AccessKit, request: RegisterEntryPointRequest, ctx: CallContext): string {
  const workload = request.workload;
  const checks = validate()
    .id("name", request.name)
    .application("workload.application_id", workload?.applicationId ?? "")
    .id("workload.tenant_id", workload?.tenantId ?? "", false);
  if (Buffer.byteLength(workload?.component ?? "") > 128) checks.add("workload.component", "must be at most 128 bytes");
  if (!request.echo && !request.compute) checks.add("target", "is required: one of echo or compute");
  if (request.echo && request.echo.delayNs > MAX_ECHO_DELAY_NS) checks.add("echo.delay_ns", `must be at most ${MAX_ECHO_DELAY_NS} (one second)`);
  if (request.compute) {
    checks.id("compute.instance_id", request.compute.instanceId);
    if (request.compute.work === ComputeWork.COMPUTE_WORK_UNSPECIFIED) checks.add("compute.work", "is required: COMPUTE_WORK_HASH, COMPUTE_WORK_SORT or COMPUTE_WORK_PROGRAM");
  }
  checks.throwIfAny();
  const tenantId = resolveNamedTenant(ctx.principal, "workload.tenant_id", workload!.tenantId);
  if (request.compute && (!kit.compute || !kit.capabilities.has(Feature.FEATURE_ACCESS_COMPUTE_ENTRY_POINTS))) {
    throw StrataError.capabilityNotSupported("FEATURE_ACCESS_COMPUTE_ENTRY_POINTS");
  }
  return tenantId;
}

/** The existing entry point of the name (ALREADY_EXISTS when it differs), or a new one within the tenant's limit. */
function register(kit: AccessKit, request: RegisterEntryPointRequest, tenantId: string): EntryPoint {
  const existing = kit.catalog.entryPointByName(tenantId, request.name);
  if (existing) {
    const differing = differences(existing, request);
    if (differing.length > 0) throw StrataError.conflictingParameters("entry point", request.name, differing);
    return existing;
  }
  if (kit.maxResourcesPerTenant > 0 && kit.catalog.heldBy(tenantId, "entryPoints") >= kit.maxResourcesPerTenant) {
    throw StrataError.capacityExhausted(`tenant "${tenantId}" entry points (Limits.max_resources_per_tenant ${kit.maxResourcesPerTenant})`);
  }
  const entryPoint: EntryPoint = {
    entryPointId: newId("ep"),
    name: request.name,
    workload: { tenantId, applicationId: request.workload!.applicationId, component: request.workload!.component },
    echo: request.echo && { ...request.echo },
    compute: request.compute && { ...request.compute },
    createTimeUnixNano: BigInt(Date.now()) * 1_000_000n,
    labels: { ...request.labels },
  };
  kit.catalog.putEntryPoint(entryPoint);
  kit.topology.addEntryPoint(entryPoint);
  return entryPoint;
}

/** The parameters of a repeated register that differ from the existing entry point, by field name. */
function differences(existing: EntryPoint, request: RegisterEntryPointRequest): string[] {
  const out: string[] = [];
  if (existing.workload!.applicationId !== request.workload!.applicationId) out.push("workload.application_id");
  if (Boolean(existing.echo) !== Boolean(request.echo)) out.push("target");
  else if (existing.echo && request.echo) {
    if (existing.echo.delayNs !== request.echo.delayNs) out.push("echo.delay_ns");
    if (existing.echo.down !== request.echo.down) out.push("echo.down");
  } else if (existing.compute && request.compute) {
    if (existing.compute.instanceId !== request.compute.instanceId) out.push("compute.instance_id");
    if (existing.compute.work !== request.compute.work) out.push("compute.work");
  }
  if (differingLabels(existing.labels, request.labels)) out.push("labels");
  return out;
}
