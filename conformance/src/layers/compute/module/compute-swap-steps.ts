import { setTimeout as sleep } from "node:timers/promises";
import { compute } from "@strata/sdk/compute";
import { uniqueName } from "../../../helpers/unique-name.js";
import type { SwapContext, SwapStep } from "../../../swap/swap-context.js";
import { filledFields, violatedFields, yesNo } from "../../../swap/swap-values.js";
import { INSTANCE_MEMORY } from "../support/compute-instances.js";
import { expectedDigest } from "../support/expected-digest.js";
import type { ComputeServices } from "../compute-checks.js";

const { ATTACHMENT_KIND_STORAGE_VOLUME, ATTACHMENT_KIND_NETWORK_PORT } = compute.AttachmentKind;

/** An instance of tenant A, deleted after the proof has read telemetry and topology. */
async function instanceFor(s: SwapContext<ComputeServices>, stem: string, label: string): Promise<compute.Instance | undefined> {
  const request = compute.CreateInstanceRequest.fromPartial({
    name: uniqueName(`swap-${stem}`), vcpuCount: 1, memoryBytes: INSTANCE_MEMORY,
    workload: { applicationId: s.config.applicationId }, labels: { swap: "proof" },
  });
  const answer = await s.call(label, s.tenantA.instances.createInstance(request));
  const instance = answer?.instance;
  if (instance) s.track(() => s.tenantA.instances.deleteInstance({ instanceId: instance.instanceId }), `DeleteInstance ${instance.instanceId}`);
  return instance;
}


/**
 * The compute swap scenario: create, execute each kind of work, stop and
 * start, attach, list hosts, through `s.call(label, …)`, so that status
 * codes, metrics, records and topology of both vendors line up. Optional
 * features (live resize, CPU shares and limits) stay out: a tool learns of
 * them from GetCapabilities, and vendors may rightly differ there. Values
 * that depend on the machine (CPU times, memory used) are compared by their
 * presence only.
 */
export const computeSwapSteps: readonly SwapStep<ComputeServices>[] = [
  async function instances(s) {
    const instance = await instanceFor(s, "instance", "InstanceService.CreateInstance");
    if (!instance) return;
    s.record("CreateInstance response fills", filledFields({ ...instance, cpuTimeNs: undefined, memoryUsedBytes: undefined }));
    s.record("CreateInstance: the instance runs", yesNo(instance.state === compute.InstanceState.INSTANCE_STATE_RUNNING));
    await s.call("InstanceService.GetInstance", s.tenantA.instances.getInstance({ instanceId: instance.instanceId }));
    await s.call("InstanceService.ListInstances", s.tenantA.instances.listInstances(compute.ListInstancesRequest.fromPartial({})));
    const hosts = await s.call("HostService.ListHosts", s.tenantA.hosts.listHosts(compute.ListHostsRequest.fromPartial({})));
    s.record("ListHosts lists the instance's host", yesNo(hosts?.hosts.some((h) => h.hostId === instance.hostId) === true));
    s.record("ListHosts response fills", [...new Set(hosts?.hosts.map((h) => filledFields(h)))].join(" | "));
    s.record("CreateInstance with vcpu_count 0: BadRequest fields", await violatedFields(s.tenantA.instances.createInstance(compute.CreateInstanceRequest.fromPartial({
      name: uniqueName("swap-invalid"), vcpuCount: 0, memoryBytes: INSTANCE_MEMORY, workload: { applicationId: s.config.applicationId },
    }))));
    await s.call("InstanceService.GetInstance as tenant B of tenant A's instance", s.tenantB.instances.getInstance({ instanceId: instance.instanceId }));
  },

  async function execution(s) {
    const instance = await instanceFor(s, "execution", "InstanceService.CreateInstance to execute on");
    if (!instance) return;
    const instanceId = instance.instanceId;
    const seed = Buffer.from("strata");
    const hash = await s.call("ExecutionService.Execute hash", s.tenantA.execution.execute({ instanceId, hash: { sizeBytes: 10_000n, seed } }));
    s.record("Execute hash: the digest of docs/compute.md", yesNo(hash?.digest.toString("hex") === expectedDigest.hash(10_000, seed)));
    const sort = await s.call("ExecutionService.Execute sort", s.tenantA.execution.execute({ instanceId, sort: { count: 1000, seed: 42 } }));
    s.record("Execute sort: the digest of docs/compute.md", yesNo(sort?.digest.toString("hex") === expectedDigest.sort(1000, 42)));
    const spin = await s.call("ExecutionService.Execute spin", s.tenantA.execution.execute({ instanceId, spin: { cpuTimeNs: 2_000_000n } }));
    s.record("Execute spin: cpu_time_ns at least asked for", yesNo((spin?.cpuTimeNs ?? 0n) >= 2_000_000n));
    s.record("Execute without work: BadRequest fields", await violatedFields(s.tenantA.execution.execute({ instanceId })));
    await s.call("ExecutionService.Execute of a spin above one second", s.tenantA.execution.execute({ instanceId, spin: { cpuTimeNs: 2_000_000_000n } }));
    await s.call("ExecutionService.Execute of an unknown instance", s.tenantA.execution.execute({ instanceId: uniqueName("unknown"), spin: { cpuTimeNs: 1n } }));
    await s.call("ExecutionService.Execute as tenant B on tenant A's instance", s.tenantB.execution.execute({ instanceId, spin: { cpuTimeNs: 1n } }));
  },

  async function lifecycle(s) {
    const instance = await instanceFor(s, "lifecycle", "InstanceService.CreateInstance to stop");
    if (!instance) return;
    const instanceId = instance.instanceId;
    const stopped = await s.call("InstanceService.StopInstance", s.tenantA.instances.stopInstance({ instanceId }));
    s.record("StopInstance: the instance is stopped", yesNo(stopped?.instance?.state === compute.InstanceState.INSTANCE_STATE_STOPPED));
    await s.call("InstanceService.StopInstance repeated", s.tenantA.instances.stopInstance({ instanceId }));
    await s.call("ExecutionService.Execute on a stopped instance", s.tenantA.execution.execute({ instanceId, spin: { cpuTimeNs: 1_000n } }));
    const started = await s.call("InstanceService.StartInstance", s.tenantA.instances.startInstance({ instanceId }));
    s.record("StartInstance: the instance runs", yesNo(started?.instance?.state === compute.InstanceState.INSTANCE_STATE_RUNNING));
    await s.call("ExecutionService.Execute after StartInstance", s.tenantA.execution.execute({ instanceId, hash: { sizeBytes: 100n, seed: Buffer.alloc(0) } }));
    await s.call("InstanceService.StopInstance of an unknown instance", s.tenantA.instances.stopInstance({ instanceId: uniqueName("unknown") }));
  },

  async function attachments(s) {
    const instance = await instanceFor(s, "attached", "InstanceService.CreateInstance to attach");
    if (!instance) return;
    const instanceId = instance.instanceId;
    const volumeId = uniqueName("swap-volume");
    const first = await s.call("AttachmentService.Attach a volume", s.tenantA.attachments.attach({ instanceId, kind: ATTACHMENT_KIND_STORAGE_VOLUME, targetId: volumeId }));
    if (first) s.track(() => s.tenantA.attachments.detach({ instanceId, kind: ATTACHMENT_KIND_STORAGE_VOLUME, targetId: volumeId }), `Detach ${volumeId}`);
    s.record("Attach response fills", filledFields(first?.attachment));
    const again = await s.call("AttachmentService.Attach repeated", s.tenantA.attachments.attach({ instanceId, kind: ATTACHMENT_KIND_STORAGE_VOLUME, targetId: volumeId }));
    s.record("Attach repeated returns the same attachment", yesNo(again?.attachment?.attachmentId === first?.attachment?.attachmentId));
    await s.call("InstanceService.DeleteInstance of an attached instance", s.tenantA.instances.deleteInstance({ instanceId }));
    const listed = await s.call("AttachmentService.ListAttachments by instance",
      s.tenantA.attachments.listAttachments(compute.ListAttachmentsRequest.fromPartial({ instanceId })));
    s.record("ListAttachments by instance lists", String(listed?.attachments.length ?? "nothing"));
    s.record("Attach without kind: BadRequest fields", await violatedFields(s.tenantA.attachments.attach({ instanceId, kind: 0, targetId: volumeId })));
    await s.call("AttachmentService.Attach as tenant B to tenant A's instance",
      s.tenantB.attachments.attach({ instanceId, kind: ATTACHMENT_KIND_NETWORK_PORT, targetId: uniqueName("port") }));
    await s.call("AttachmentService.Detach of a port never attached", s.tenantA.attachments.detach({ instanceId, kind: ATTACHMENT_KIND_NETWORK_PORT, targetId: uniqueName("port") }));
  },

  async function samplesClosed(s) {
    // The work above shows in samples once its sample interval closes: wait one, within the step's deadline.
    const intervalMs = Number(s.limits.sampleIntervalNs / 1_000_000n);
    await sleep(Math.min(intervalMs, Math.max(0, s.config.timeoutMs - 1000)));
  },
];
