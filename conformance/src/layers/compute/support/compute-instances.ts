import { rpc } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import { uniqueName } from "../../../helpers/unique-name.js";
import type { ComputeClients, ComputeContext } from "../compute-checks.js";

export const MiB = 1n << 20n;
/** The memory of the instances the suite makes: small, so that many fit on any host. */
export const INSTANCE_MEMORY = 32n * MiB;

export interface InstanceOptions extends Partial<Omit<compute.CreateInstanceRequest, "workload">> {
  /** Who creates (and later deletes) it; tenant A by default. */
  as?: ComputeClients;
  /** workload.application_id; the config's applicationId by default. */
  applicationId?: string;
  /** workload.tenant_id (empty: the caller's own). */
  tenantId?: string;
}

/** The CreateInstanceRequest the compute checks send: 1 vCPU, 32 MiB, a unique name. */
export function instanceRequest(t: ComputeContext, stem: string, options: InstanceOptions = {}): compute.CreateInstanceRequest {
  const { as: _as, applicationId, tenantId, ...fields } = options;
  return compute.CreateInstanceRequest.fromPartial({
    name: uniqueName(stem),
    vcpuCount: 1,
    memoryBytes: INSTANCE_MEMORY,
    ...fields,
    workload: { applicationId: applicationId ?? t.config.applicationId, tenantId: tenantId ?? "", component: "conformance" },
  });
}

/** Creates an instance (expecting OK) and tracks its deletion by the same caller. */
export function createInstance(t: ComputeContext, stem: string, options: InstanceOptions = {}): Promise<compute.Instance> {
  return createInstanceFrom(t, instanceRequest(t, stem, options), options.as);
}

/** Sends a CreateInstanceRequest as is (expecting OK) and tracks the instance's deletion. */
export async function createInstanceFrom(t: ComputeContext, request: compute.CreateInstanceRequest, as: ComputeClients = t.tenantA): Promise<compute.Instance> {
  const { instance } = await t.expectCode(trackCreated(t, as.instances.createInstance(request), as), rpc.Code.OK, `CreateInstance "${request.name}"`);
  if (!instance) return t.fail(`CreateInstance "${request.name}" answered OK without an instance; the response must carry the created instance`);
  return instance;
}

/**
 * Tracks the deletion of whatever instance a create call returns, so that a
 * create the endpoint should have refused leaves nothing behind either.
 * Returns the call unchanged.
 */
export function trackCreated<T extends { instance?: compute.Instance }>(t: ComputeContext, call: Promise<T>, as: ComputeClients = t.tenantA): Promise<T> {
  call.then(({ instance }) => {
    if (instance) t.track(() => as.instances.deleteInstance({ instanceId: instance.instanceId }), `DeleteInstance ${instance.instanceId}`);
  }, () => undefined);
  return call;
}

/** Attaches a resource to an instance (expecting OK) and tracks the detach; tracked after the instance, so it runs first. */
export async function attach(
  t: ComputeContext, instanceId: string, kind: compute.AttachmentKind, targetId: string, as: ComputeClients = t.tenantA,
): Promise<compute.Attachment> {
  const what = `Attach ${compute.attachmentKindToJSON(kind)} ${targetId} to ${instanceId}`;
  const { attachment } = await t.expectCode(as.attachments.attach({ instanceId, kind, targetId }), rpc.Code.OK, what);
  if (!attachment) return t.fail(`${what} answered OK without an attachment; the response must carry it`);
  t.track(() => as.attachments.detach({ instanceId, kind, targetId }), `Detach ${targetId} from ${instanceId}`);
  return attachment;
}

/** Sets a CPU policy (expecting OK) and tracks its deletion by the same caller. */
export async function setCpuPolicy(t: ComputeContext, policy: compute.CpuPolicy, as: ComputeClients = t.tenantA): Promise<compute.CpuPolicy> {
  const target = policy.target!;
  const { policy: stored } = await t.expectCode(as.cpuPolicies.setCpuPolicy({ policy }), rpc.Code.OK, "SetCpuPolicy");
  t.track(() => as.cpuPolicies.deleteCpuPolicy({ target }), "DeleteCpuPolicy");
  return stored ?? t.fail("SetCpuPolicy answered OK without the policy; the response must carry it as stored");
}
