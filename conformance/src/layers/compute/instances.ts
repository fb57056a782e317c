import { core, rpc } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { check } from "./compute-checks.js";
import { attach, createInstance, createInstanceFrom, instanceRequest, MiB, trackCreated } from "./support/compute-instances.js";
import { instancesOf, listHosts } from "./support/list-pages.js";

// Idempotent create and delete (repeated, conflicting parameters, never existed) are the common suite's,
// through the compute driver; these are the rest of the InstanceService table.

const { Code } = rpc;
const Reason = core.ErrorReason;
const { INSTANCE_STATE_RUNNING, INSTANCE_STATE_STOPPED } = compute.InstanceState;

check("CreateInstance returns the instance as asked, running on a host ListHosts lists; GetInstance returns the same; a repeat compares host_id only when given [compute] [instances]",
  { covers: ["CORE-COMP-1", "CORE-IDEM-1", "CORE-IDEM-2", "CORE-ATTR-4", "COMP-SVC-1"] }, async (t) => {
    const before = BigInt(Date.now() - 60_000) * 1_000_000n;
    const request = instanceRequest(t, "shape", { memoryBytes: 48n * MiB, labels: { team: "conformance", "a.b": "c-d" } });
    const instance = await createInstanceFrom(t, request);
    const after = BigInt(Date.now() + 60_000) * 1_000_000n;
    const tenantA = await resolveTenantId(t, "tenantA");
    t.ensure(instance.instanceId !== "", "CreateInstance returned an empty instance_id; the server must assign one");
    t.equal({ name: instance.name, vcpuCount: instance.vcpuCount, memoryBytes: instance.memoryBytes, labels: instance.labels, workload: instance.workload },
      { name: request.name, vcpuCount: 1, memoryBytes: 48n * MiB, labels: request.labels, workload: { ...request.workload!, tenantId: tenantA } },
      "CreateInstance must carry name, vcpu_count, memory_bytes, labels and workload (with the caller's tenant, component unchanged) as asked");
    t.ensure(instance.state === INSTANCE_STATE_RUNNING, `CreateInstance answered state ${compute.instanceStateToJSON(instance.state)}; `
      + "the standard starts a created instance (INSTANCE_STATE_RUNNING)");
    t.ensure(instance.createTimeUnixNano > before && instance.createTimeUnixNano < after,
      `create_time_unix_nano is ${instance.createTimeUnixNano}, not within a minute of now; the standard requires UNIX epoch nanoseconds`);
    const hosts = await listHosts(t);
    t.ensure(hosts.some((h) => h.hostId === instance.hostId), `the instance's host_id "${instance.hostId}" is not a host ListHosts lists`);
    const got = await t.expectCode(t.tenantA.instances.getInstance({ instanceId: instance.instanceId }), Code.OK, "GetInstance of the new instance");
    const comparable = (i: compute.Instance | undefined) => i && { ...i, memoryUsedBytes: 0n, cpuTimeNs: 0n };
    t.equal(comparable(got.instance), comparable(instance), "GetInstance must return the instance CreateInstance returned");

    const again = await t.expectCode(trackCreated(t, t.tenantA.instances.createInstance({ ...request, hostId: instance.hostId })), Code.OK,
      `CreateInstance repeated naming the instance's own host_id "${instance.hostId}"`);
    t.equal(again.instance?.instanceId, instance.instanceId, "CreateInstance repeated with the instance's own host_id must return the existing instance");
    const other = hosts.find((h) => h.hostId !== instance.hostId);
    if (!other) return t.log("one host only: a different host_id cannot be tried");
    await t.expectCode(trackCreated(t, t.tenantA.instances.createInstance({ ...request, hostId: other.hostId })), Code.ALREADY_EXISTS,
      `CreateInstance reusing "${request.name}" on another host`, Reason.ERROR_REASON_CONFLICTING_PARAMETERS);
  });

check("ListInstances filtered by application_id lists only that application's instances [compute] [instances] [pagination]", { covers: ["CORE-COMP-1"] }, async (t) => {
  const applicationId = uniqueName("filtered");
  const mine = await Promise.all([0, 1, 2].map((i) => createInstance(t, `filtered-${i}`, { applicationId })));
  await createInstance(t, "unfiltered");
  const served = await walkPages(t, "ListInstances filtered by application_id", instancesOf(t.tenantA, applicationId), 2);
  const strangers = served.filter((i) => i.workload?.applicationId !== applicationId).map((i) => i.instanceId);
  t.ensure(strangers.length === 0, `ListInstances filtered by application_id served instances of other applications: ${strangers.join(", ")}`);
  t.equal(served.map((i) => i.instanceId).sort(), mine.map((i) => i.instanceId).sort(), "ListInstances filtered by application_id must list exactly its instances");
});

check("InstanceService answers each error of its table: INVALID_ARGUMENT naming the field, NOT_FOUND, PERMISSION_DENIED [compute] [instances] [errors]",
  { covers: ["CORE-ERR-7", "CORE-ERR-3", "CORE-TEN-6", "COMP-INST-1", "COMP-INST-2", "COMP-INST-3", "COMP-INST-4"] }, async (t) => {
    const rows: [string, string, Parameters<typeof instanceRequest>[2]][] = [
      ["name", "name missing", { name: "" }],
      ["name", "name with a space and '!'", { name: "bad name!" }],
      ["workload.application_id", "workload.application_id missing", { applicationId: "" }],
      ["workload.application_id", "workload.application_id with a '/'", { applicationId: "app/1" }],
      ["vcpu_count", "vcpu_count 0", { vcpuCount: 0 }],
      ["memory_bytes", "memory_bytes 0", { memoryBytes: 0n }],
      ["memory_bytes", "memory_bytes not a multiple of 1 MiB", { memoryBytes: 32n * MiB + 4096n }],
      ["memory_bytes", "memory_bytes of 8 MiB, below 16 MiB", { memoryBytes: 8n * MiB }],
    ];
    for (const [field, situation, fields] of rows) {
      await expectInvalidField(t, trackCreated(t, t.tenantA.instances.createInstance(instanceRequest(t, "invalid", fields))), field, `CreateInstance with ${situation}`);
    }
    // Each call is made when its row is checked: a call made before its answer is awaited would fail unobserved.
    const byId = {
      DeleteInstance: (instanceId: string) => t.tenantA.instances.deleteInstance({ instanceId }),
      GetInstance: (instanceId: string) => t.tenantA.instances.getInstance({ instanceId }),
      StartInstance: (instanceId: string) => t.tenantA.instances.startInstance({ instanceId }),
      StopInstance: (instanceId: string) => t.tenantA.instances.stopInstance({ instanceId }),
    };
    for (const [rpcName, call] of Object.entries(byId)) await expectInvalidField(t, call(""), "instance_id", `${rpcName} without instance_id`);
    const unknown = uniqueName("unknown");
    for (const rpcName of ["GetInstance", "StartInstance", "StopInstance"] as const) {
      await t.expectCode(byId[rpcName](unknown), Code.NOT_FOUND, `${rpcName} of an unknown instance`, Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    }
    await t.expectCode(trackCreated(t, t.tenantA.instances.createInstance(instanceRequest(t, "no-host", { hostId: uniqueName("no-such-host") }))),
      Code.NOT_FOUND, "CreateInstance on an unknown host_id", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    const tenantB = await resolveTenantId(t, "tenantB");
    await t.expectCode(trackCreated(t, t.tenantA.instances.createInstance(instanceRequest(t, "foreign-owner", { tenantId: tenantB })), t.operator),
      Code.PERMISSION_DENIED, "CreateInstance by tenant A with workload.tenant_id naming tenant B", Reason.ERROR_REASON_TENANT_MISMATCH);
  });

check("CreateInstance no host can hold answers RESOURCE_EXHAUSTED without RetryInfo, and ListHosts accounts every reservation [compute] [instances] [capacity]",
  { covers: ["CORE-ERR-7", "CORE-ERR-1", "CORE-COMP-1"] }, async (t) => {
    const hosts = await listHosts(t);
    const host = hosts[0]!;
    const instance = await createInstance(t, "reserved", { hostId: host.hostId, memoryBytes: 64n * MiB, vcpuCount: 1 });
    const reserved = (await listHosts(t)).find((h) => h.hostId === host.hostId)!;
    t.ensure(reserved.allocatedMemoryBytes >= 64n * MiB && reserved.allocatedVcpus >= 1,
      `ListHosts shows host ${host.hostId} with allocated_memory_bytes ${reserved.allocatedMemoryBytes} and allocated_vcpus ${reserved.allocatedVcpus} `
      + "while a 64 MiB, 1-vCPU instance is placed on it; the standard sums the reservations of its instances");
    t.ensure(reserved.allocatedMemoryBytes <= reserved.memoryBytes, `ListHosts shows host ${host.hostId} with ${reserved.allocatedMemoryBytes} bytes allocated of ${reserved.memoryBytes}`);
    const free = reserved.memoryBytes - reserved.allocatedMemoryBytes;
    const tooMuch = ((free / MiB) + 1n) * MiB;
    for (const [situation, request] of [
      [`of ${tooMuch} bytes on host ${host.hostId}, which has ${free} free`, instanceRequest(t, "too-big", { hostId: host.hostId, memoryBytes: tooMuch })],
      [`of ${host.cpuCores + 1} vCPUs on host ${host.hostId} of ${host.cpuCores} cores`, instanceRequest(t, "too-wide", { hostId: host.hostId, vcpuCount: host.cpuCores + 1 })],
    ] as const) {
      const error = await t.expectCode(trackCreated(t, t.tenantA.instances.createInstance(request)), Code.RESOURCE_EXHAUSTED,
        `CreateInstance ${situation}`, Reason.ERROR_REASON_CAPACITY_EXHAUSTED);
      t.ensure(error.retryDelayMs === undefined, `CreateInstance beyond capacity carries RetryInfo (${error.retryDelayMs} ms); `
        + "the standard forbids RetryInfo on CAPACITY_EXHAUSTED: retrying will not help");
    }
    await t.expectCode(t.tenantA.instances.deleteInstance({ instanceId: instance.instanceId }), Code.OK, `DeleteInstance ${instance.instanceId}`);
    const released = (await listHosts(t)).find((h) => h.hostId === host.hostId)!;
    t.ensure(released.allocatedMemoryBytes <= reserved.allocatedMemoryBytes - 64n * MiB,
      `ListHosts shows host ${host.hostId} with allocated_memory_bytes ${released.allocatedMemoryBytes} after DeleteInstance of a 64 MiB instance `
      + `(${reserved.allocatedMemoryBytes} before); the standard releases a deleted instance's memory`);
  });

check("StopInstance and StartInstance are idempotent, and a stopped instance refuses Execute with FAILED_PRECONDITION [compute] [instances] [lifecycle]",
  { covers: ["CORE-COMP-1", "CORE-ERR-7"] }, async (t) => {
    const { instanceId } = await createInstance(t, "lifecycle");
    await t.expectCode(t.tenantA.execution.execute({ instanceId, hash: { sizeBytes: 64n, seed: Buffer.alloc(0) } }), Code.OK, "Execute on the running instance");
    const stops = await t.repeat((i) => t.expectCode(t.tenantA.instances.stopInstance({ instanceId }), Code.OK, `StopInstance (call ${i + 1})`));
    for (const { instance } of stops) {
      t.ensure(instance?.state === INSTANCE_STATE_STOPPED, `StopInstance answered state ${compute.instanceStateToJSON(instance?.state ?? 0)}; the standard answers once it is stopped`);
    }
    await t.expectCode(t.tenantA.execution.execute({ instanceId, spin: { cpuTimeNs: 1000n } }), Code.FAILED_PRECONDITION,
      "Execute on a stopped instance", Reason.ERROR_REASON_RESOURCE_BUSY);
    const got = await t.expectCode(t.tenantA.instances.getInstance({ instanceId }), Code.OK, "GetInstance of the stopped instance");
    t.ensure(got.instance?.state === INSTANCE_STATE_STOPPED, `GetInstance of a stopped instance answers state ${compute.instanceStateToJSON(got.instance?.state ?? 0)}`);
    const starts = await t.repeat((i) => t.expectCode(t.tenantA.instances.startInstance({ instanceId }), Code.OK, `StartInstance (call ${i + 1})`));
    for (const { instance } of starts) {
      t.ensure(instance?.state === INSTANCE_STATE_RUNNING, `StartInstance answered state ${compute.instanceStateToJSON(instance?.state ?? 0)}; the standard answers once it runs`);
    }
    await t.expectCode(t.tenantA.execution.execute({ instanceId, hash: { sizeBytes: 64n, seed: Buffer.alloc(0) } }), Code.OK, "Execute after StartInstance");
  });

check("DeleteInstance of an attached instance answers FAILED_PRECONDITION, then OK once detached [compute] [instances] [attachments]", { covers: ["CORE-ERR-7"] }, async (t) => {
  const { instanceId } = await createInstance(t, "busy");
  const targetId = uniqueName("volume");
  await attach(t, instanceId, compute.AttachmentKind.ATTACHMENT_KIND_STORAGE_VOLUME, targetId);
  await t.expectCode(t.tenantA.instances.deleteInstance({ instanceId }), Code.FAILED_PRECONDITION, "DeleteInstance of an attached instance", Reason.ERROR_REASON_RESOURCE_BUSY);
  await t.expectCode(t.tenantA.instances.getInstance({ instanceId }), Code.OK, "GetInstance after the refused delete");
  await t.expectCode(t.tenantA.attachments.detach({ instanceId, kind: compute.AttachmentKind.ATTACHMENT_KIND_STORAGE_VOLUME, targetId }), Code.OK, "Detach");
  await t.expectCode(t.tenantA.instances.deleteInstance({ instanceId }), Code.OK, "DeleteInstance once detached");
  await t.expectCode(t.tenantA.instances.getInstance({ instanceId }), Code.NOT_FOUND, "GetInstance after the delete", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
});
