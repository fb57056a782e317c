import { canAccessTenant, resolveNamedTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import type { CallContext } from "../../server/call-context.js";
import { newId } from "../../server/new-id.js";
import { paginate } from "../../server/paginate.js";
import { sameLabels } from "../../server/same-labels.js";
import { defineService } from "../../server/service-registration.js";
import { validate, type Violations } from "../../server/validate.js";
import { visibleInstance, type ComputeKit } from "./compute-kit.js";
import { InstanceServiceService, InstanceState, type CreateInstanceRequest, type Instance } from "./contracts.js";
import { placeInstance, fitsOnHost } from "./placement.js";

const MiB = 1n << 20n;
/** The smallest instance memory the standard allows. */
export const MIN_MEMORY_BYTES = 16n * MiB;

/** vcpu_count and memory_bytes, with the rules of CreateInstance and ResizeInstance. */
function checkShape(checks: Violations, vcpuCount: number, memoryBytes: bigint): Violations {
  return checks.range("vcpu_count", vcpuCount, 1, 2 ** 32 - 1).size("memory_bytes", memoryBytes, MiB, MIN_MEMORY_BYTES);
}

/** strata.compute.v1.InstanceService over a ComputeKit. */
export function createInstanceService(kit: ComputeKit) {
  return defineService(InstanceServiceService, {
    createInstance: (request, ctx) => kit.exclusive(() => createInstance(kit, request, ctx)),

    async deleteInstance(request, ctx) {
      validate().id("instance_id", request.instanceId).throwIfAny();
      const instance = await kit.exclusive(async () => {
        const found = kit.catalog.instances.get(request.instanceId);
        // Absent and foreign instances answer OK alike: delete is idempotent and leaks nothing.
        if (!found || !canAccessTenant(ctx.principal, found.workload!.tenantId)) return undefined;
        if (kit.catalog.attachmentsOf(found.instanceId).length > 0) {
          throw StrataError.busy("instance", found.instanceId, "has attachments: detach them first");
        }
        kit.catalog.removeInstance(found);
        kit.topology.removeInstance(found);
        kit.programPorts.forget(found.instanceId);
        return found;
      });
      if (instance) {
        await kit.serial(instance.instanceId, async () => {
          if (instance.state === InstanceState.INSTANCE_STATE_RUNNING) {
            instance.state = InstanceState.INSTANCE_STATE_STOPPED;
            await kit.backend.stopInstance(instance);
          }
          await kit.backend.deleteInstance(instance);
        });
        kit.telemetry.endResource(instance.instanceId);
      }
      return {};
    },

    getInstance(request, ctx) {
      validate().id("instance_id", request.instanceId).throwIfAny();
      return { instance: current(kit, visibleInstance(kit, ctx.principal, request.instanceId)) };
    },

    listInstances(request, ctx) {
      validate().id("application_id", request.applicationId, false).throwIfAny();
      const all = [...kit.catalog.instances.values()].filter((i) =>
        canAccessTenant(ctx.principal, i.workload!.tenantId)
        && (request.applicationId === "" || i.workload!.applicationId === request.applicationId));
      const { items, page } = paginate(all, (i) => i.instanceId, request.page, {
        maxPageSize: kit.maxPageSize, filters: request.applicationId, context: ctx,
      });
      return { instances: items.map((i) => current(kit, i)), page };
    },

    async startInstance(request, ctx) {
      validate().id("instance_id", request.instanceId).throwIfAny();
      const instance = visibleInstance(kit, ctx.principal, request.instanceId);
      await kit.serial(instance.instanceId, async () => {
        if (instance.state === InstanceState.INSTANCE_STATE_RUNNING || !kit.catalog.instances.has(instance.instanceId)) return;
        await kit.backend.startInstance(instance);
        instance.state = InstanceState.INSTANCE_STATE_RUNNING;
        kit.topology.updateInstance(instance);
      });
      kit.programPorts.refresh(instance);
      return { instance: current(kit, visibleInstance(kit, ctx.principal, request.instanceId)) };
    },

    async stopInstance(request, ctx) {
      validate().id("instance_id", request.instanceId).throwIfAny();
      const instance = visibleInstance(kit, ctx.principal, request.instanceId);
      await kit.serial(instance.instanceId, async () => {
        if (instance.state === InstanceState.INSTANCE_STATE_STOPPED || !kit.catalog.instances.has(instance.instanceId)) return;
        // New units of work are refused from here on; the backend lets running ones finish.
        instance.state = InstanceState.INSTANCE_STATE_STOPPED;
        kit.topology.updateInstance(instance);
        await kit.backend.stopInstance(instance);
      });
      return { instance: current(kit, visibleInstance(kit, ctx.principal, request.instanceId)) };
    },

    async resizeInstance(request, ctx) {
      checkShape(validate().id("instance_id", request.instanceId), request.vcpuCount, request.memoryBytes).throwIfAny();
      if (!kit.capabilities.has(Feature.FEATURE_COMPUTE_LIVE_RESIZE) || !kit.backend.resizeInstance) {
        throw StrataError.capabilityNotSupported("FEATURE_COMPUTE_LIVE_RESIZE");
      }
      const instance = visibleInstance(kit, ctx.principal, request.instanceId);
      await kit.serial(instance.instanceId, () => kit.exclusive(async () => {
        if (instance.vcpuCount === request.vcpuCount && instance.memoryBytes === request.memoryBytes) return;
        const host = kit.backend.hosts().find((h) => h.hostId === instance.hostId)!;
        const room = kit.catalog.roomOn(host);
        const others = { ...room, allocatedMemoryBytes: room.allocatedMemoryBytes - instance.memoryBytes };
        if (!fitsOnHost(others, request.vcpuCount, request.memoryBytes)) {
          throw StrataError.capacityExhausted(`host "${host.hostId}" for ${request.vcpuCount} vCPUs and ${request.memoryBytes} bytes`
            + ` (${host.cpuCores} cores, ${host.memoryBytes - others.allocatedMemoryBytes} bytes free)`);
        }
        await kit.backend.resizeInstance!(instance, request.vcpuCount, request.memoryBytes);
        instance.vcpuCount = request.vcpuCount;
        instance.memoryBytes = request.memoryBytes;
        kit.topology.updateInstance(instance);
      }));
      return { instance: current(kit, visibleInstance(kit, ctx.principal, request.instanceId)) };
    },
  });
}

async function createInstance(kit: ComputeKit, request: CreateInstanceRequest, ctx: CallContext) {
  const workload = request.workload;
  const checks = validate()
    .id("name", request.name)
    .application("workload.application_id", workload?.applicationId ?? "")
    .id("workload.tenant_id", workload?.tenantId ?? "", false)
    .id("host_id", request.hostId, false)
    .id("program", request.program, false);
  if (Buffer.byteLength(workload?.component ?? "") > 128) checks.add("workload.component", "must be at most 128 bytes");
  checkShape(checks, request.vcpuCount, request.memoryBytes).throwIfAny();
  if (request.program !== "") {
    if (!kit.capabilities.has(Feature.FEATURE_COMPUTE_PROGRAMS)) throw StrataError.capabilityNotSupported("FEATURE_COMPUTE_PROGRAMS");
    if (!kit.programs.has(request.program)) throw StrataError.invalidArgument("program", `names no program this endpoint offers: "${request.program}"`);
  }
  const tenantId = resolveNamedTenant(ctx.principal, "workload.tenant_id", workload!.tenantId);
  const hosts = kit.backend.hosts();
  if (request.hostId !== "" && !hosts.some((h) => h.hostId === request.hostId)) throw StrataError.notFound("host", request.hostId);

  const existing = kit.catalog.byName(tenantId, request.name);
  if (existing) {
    const differing = differences(existing, request);
    if (differing.length > 0) throw StrataError.conflictingParameters("instance", request.name, differing);
    return { instance: current(kit, existing) };
  }
  if (kit.maxResourcesPerTenant > 0) {
    const held = [...kit.catalog.instances.values()].filter((i) => i.workload!.tenantId === tenantId).length;
    if (held >= kit.maxResourcesPerTenant) {
      throw StrataError.capacityExhausted(`tenant "${tenantId}" instances (Limits.max_resources_per_tenant ${kit.maxResourcesPerTenant})`);
    }
  }
  const host = placeInstance(kit, request.hostId, request.vcpuCount, request.memoryBytes);
  const instance: Instance = {
    instanceId: newId("inst"),
    name: request.name,
    workload: { tenantId, applicationId: workload!.applicationId, component: workload!.component },
    vcpuCount: request.vcpuCount,
    memoryBytes: request.memoryBytes,
    state: InstanceState.INSTANCE_STATE_RUNNING,
    hostId: host.hostId,
    createTimeUnixNano: BigInt(Date.now()) * 1_000_000n,
    labels: { ...request.labels },
    memoryUsedBytes: 0n,
    cpuTimeNs: 0n,
    program: request.program,
  };
  await kit.backend.startInstance(instance);
  kit.catalog.putInstance(instance);
  kit.topology.addInstance(instance);
  return { instance: current(kit, instance) };
}

/** The parameters of a repeated create that differ from the existing instance, by field name. */
function differences(existing: Instance, request: CreateInstanceRequest): string[] {
  const out: string[] = [];
  if (existing.workload!.applicationId !== request.workload!.applicationId) out.push("workload.application_id");
  if (existing.vcpuCount !== request.vcpuCount) out.push("vcpu_count");
  if (existing.memoryBytes !== request.memoryBytes) out.push("memory_bytes");
  if (request.hostId !== "" && existing.hostId !== request.hostId) out.push("host_id");
  if (!sameLabels(existing.labels, request.labels)) out.push("labels");
  if (existing.program !== request.program) out.push("program");
  return out;
}

/** The instance with its live memory use and CPU time. */
export function current(kit: ComputeKit, instance: Instance): Instance {
  return {
    ...instance,
    memoryUsedBytes: kit.backend.memoryUsedBytes(instance),
    cpuTimeNs: BigInt(Math.round(kit.catalog.cpuTimeNs(instance.instanceId))),
  };
}
