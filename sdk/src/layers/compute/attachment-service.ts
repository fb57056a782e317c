import { canAccessTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import { newId } from "../../server/new-id.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { visibleInstance, type ComputeKit } from "./compute-kit.js";
import { AttachmentKind, AttachmentServiceService, type Attachment } from "./contracts.js";

/** The checks Attach and Detach share: instance, kind and target named. */
function checkRequest(request: { instanceId: string; kind: AttachmentKind; targetId: string }): void {
  const checks = validate().id("instance_id", request.instanceId).id("target_id", request.targetId);
  if (request.kind === AttachmentKind.ATTACHMENT_KIND_UNSPECIFIED) checks.add("kind", "is required");
  checks.throwIfAny();
}

const sameTarget = (a: Attachment, request: { kind: AttachmentKind; targetId: string }) => a.kind === request.kind && a.targetId === request.targetId;

/** strata.compute.v1.AttachmentService over a ComputeKit: the relations of instances to other layers' resources. */
export function createAttachmentService(kit: ComputeKit) {
  return defineService(AttachmentServiceService, {
    attach: (request, ctx) => kit.exclusive(async () => {
      checkRequest(request);
      const instance = visibleInstance(kit, ctx.principal, request.instanceId);
      const existing = kit.catalog.attachmentsOf(instance.instanceId).find((a) => sameTarget(a, request));
      if (existing) return { attachment: existing };
      const tenantId = instance.workload!.tenantId;
      if (request.kind === AttachmentKind.ATTACHMENT_KIND_NETWORK_PORT) {
        const elsewhere = [...kit.catalog.attachments.values()].find((a) => a.tenantId === tenantId && sameTarget(a, request));
        if (elsewhere) throw StrataError.busy("network port", request.targetId, `is attached to instance "${elsewhere.instanceId}": detach it first`);
      }
      const attachment: Attachment = {
        attachmentId: newId("att"), instanceId: instance.instanceId, kind: request.kind, targetId: request.targetId, tenantId,
      };
      kit.catalog.attachments.set(attachment.attachmentId, attachment);
      kit.topology.addAttachment(attachment, instance);
      if (request.kind === AttachmentKind.ATTACHMENT_KIND_NETWORK_PORT) kit.programPorts.refresh(instance);
      return { attachment };
    }),

    detach: (request, ctx) => kit.exclusive(async () => {
      checkRequest(request);
      const attachment = kit.catalog.attachmentsOf(request.instanceId).find((a) => sameTarget(a, request));
      if (!attachment || !canAccessTenant(ctx.principal, attachment.tenantId)) return {};
      kit.catalog.attachments.delete(attachment.attachmentId);
      kit.topology.removeAttachment(attachment);
      const instance = kit.catalog.instances.get(attachment.instanceId);
      if (instance && request.kind === AttachmentKind.ATTACHMENT_KIND_NETWORK_PORT) kit.programPorts.refresh(instance);
      return {};
    }),

    listAttachments(request, ctx) {
      validate().id("instance_id", request.instanceId, false).throwIfAny();
      const all = [...kit.catalog.attachments.values()].filter((a) =>
        canAccessTenant(ctx.principal, a.tenantId)
        && (request.instanceId === "" || a.instanceId === request.instanceId)
        && (request.kind === AttachmentKind.ATTACHMENT_KIND_UNSPECIFIED || a.kind === request.kind));
      const { items, page } = paginate(all, (a) => a.attachmentId, request.page, {
        maxPageSize: kit.maxPageSize, filters: `${request.instanceId}\u0000${request.kind}`, context: ctx,
      });
      return { attachments: items, page };
    },
  });
}
