import { rpc } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import type { DrivenResource, TrafficDriver } from "../../../registry/traffic-driver.js";
import { createInstance, instanceRequest, trackCreated } from "../support/compute-instances.js";
import { executeCall, type WorkSpec } from "../support/execute-call.js";
import type { ComputeContext, ComputeServices } from "../compute-checks.js";

/** The labels of every instance the driver makes, so that a conflicting create can change them. */
const LABELS = { conformance: "driver" };
/** The spin of a call on an instance the driver slowed down: long enough that under-reported latency shows. */
const SLOW_SPIN_NS = 15_000_000n;
/** Instances whose calls the driver makes slow (driver.slowDown). */
const slowed = new WeakSet<compute.Instance>();

/** An instance as the common checks see it. */
export function drivenInstance(instance: compute.Instance): DrivenResource<compute.Instance> {
  return {
    id: instance.instanceId,
    name: instance.name,
    tenantId: instance.workload?.tenantId ?? "",
    applicationId: instance.workload?.applicationId ?? "",
    node: {
      kind: "compute.instance",
      displayName: instance.name,
      attributes: {
        vcpu_count: String(instance.vcpuCount), memory_bytes: String(instance.memoryBytes), state: "INSTANCE_STATE_RUNNING",
      },
    },
    recordAttributes: { host_id: instance.hostId },
    value: instance,
  };
}

/** The cheap unit of work of the index-th call, in turn: a small hash, a small sort. */
function workOf(index: number): WorkSpec {
  return index % 2 === 0
    ? { hash: { sizeBytes: BigInt(512 + (index % 100)), seed: Buffer.from([index & 0xff, 7, 11]) } }
    : { sort: { count: 100 + (index % 100), seed: index + 1 } };
}

/**
 * Compute traffic: instances of 1 vCPU and 32 MiB; Executes of a small hash
 * or sort in turn (spins once slowed down), answered with the code the
 * options expect (OK by default: tenant B's on tenant A's instance NOT_FOUND);
 * when a call must fail, a hash above Limits.max_io_bytes (INVALID_ARGUMENT).
 */
export const computeDriver: TrafficDriver<ComputeServices, compute.Instance> = {
  resourceKind: "instance",
  operations: ["execute"],
  rpcs: { create: "InstanceService.CreateInstance", delete: "InstanceService.DeleteInstance" },

  async create(t, options = {}) {
    const { as, applicationId, name, stem } = options;
    const given = Object.fromEntries(Object.entries({ as, applicationId, name }).filter(([, value]) => value !== undefined));
    return drivenInstance(await createInstance(t, stem ?? "resource", { ...given, labels: LABELS }));
  },

  delete: (clients, id) => clients.instances.deleteInstance({ instanceId: id }),

  conflictingCreates(t, resource) {
    const instance = resource.value;
    const same = { name: instance.name, memoryBytes: instance.memoryBytes, labels: LABELS, applicationId: instance.workload?.applicationId };
    const variants: Array<[string, compute.CreateInstanceRequest]> = [
      ["memory_bytes", instanceRequest(t, "", { ...same, memoryBytes: 2n * instance.memoryBytes })],
      ["workload.application_id", instanceRequest(t, "", { ...same, applicationId: `${same.applicationId}-other` })],
      ["labels", instanceRequest(t, "", { ...same, labels: { conformance: "other" } })],
      ["labels (one more)", instanceRequest(t, "", { ...same, labels: { ...LABELS, extra: "x" } })],
    ];
    return variants.map(([differing, request]) => ({ differing, call: () => trackCreated(t, t.tenantA.instances.createInstance(request)) }));
  },

  call(t, resource, options) {
    const common = { as: options.as, instanceId: resource.id, label: options.label, applicationId: options.applicationId, untraced: options.untraced, traceparent: options.traceparent };
    if (options.fail) {
      const tooBig = t.limits.maxIoBytes + 1n;
      return executeCall(t, { ...common, work: { hash: { sizeBytes: tooBig, seed: Buffer.alloc(0) } }, code: rpc.Code.INVALID_ARGUMENT });
    }
    const work = slowed.has(resource.value) ? { spin: { cpuTimeNs: SLOW_SPIN_NS } } : workOf(options.index);
    return executeCall(t, { ...common, work, code: options.code });
  },

  async slowDown(_t, resource) {
    slowed.add(resource.value);
    return `spins of ${Number(SLOW_SPIN_NS) / 1e6} ms of CPU on the instance`;
  },

  async snapshot(t: ComputeContext, resource) {
    const { instance } = await t.expectCode(t.tenantA.instances.getInstance({ instanceId: resource.id }), rpc.Code.OK, `GetInstance ${resource.id} by tenant A`);
    return {
      vcpuCount: instance?.vcpuCount, memoryBytes: instance?.memoryBytes, labels: instance?.labels, state: instance?.state,
      applicationId: instance?.workload?.applicationId, hostId: instance?.hostId,
    };
  },
};
