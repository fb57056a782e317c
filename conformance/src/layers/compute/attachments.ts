import { core, rpc } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { resolveTenantId } from "../../helpers/resolve-tenant-id.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { walkPages } from "../../helpers/walk-pages.js";
import { check } from "./compute-checks.js";
import { attach, createInstance } from "./support/compute-instances.js";
import { attachmentsOf } from "./support/list-pages.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const { ATTACHMENT_KIND_STORAGE_VOLUME: VOLUME, ATTACHMENT_KIND_NETWORK_PORT: PORT } = compute.AttachmentKind;

check("Attach and Detach are idempotent, and ListAttachments lists by instance and kind [compute] [attachments] [idempotency]", { covers: ["CORE-COMP-1", "CORE-IDEM-5", "CORE-IDEM-4", "COMP-SVC-1"] }, async (t) => {
  const [first, second] = await Promise.all([createInstance(t, "attach-1"), createInstance(t, "attach-2")]);
  const tenantA = await resolveTenantId(t, "tenantA");
  const volumeId = uniqueName("volume");
  const portId = uniqueName("port");
  const attached = await attach(t, first.instanceId, VOLUME, volumeId);
  t.equal({ ...attached, attachmentId: "" }, { attachmentId: "", instanceId: first.instanceId, kind: VOLUME, targetId: volumeId, tenantId: tenantA },
    "Attach must answer the attachment as asked, with the instance's tenant");
  t.ensure(attached.attachmentId !== "", "Attach answered an empty attachment_id; the server must assign one");
  const repeats = await t.repeat((i) => t.expectCode(t.tenantA.attachments.attach({ instanceId: first.instanceId, kind: VOLUME, targetId: volumeId }), Code.OK,
    `Attach repeated (call ${i + 1})`));
  t.equal([...new Set(repeats.map((r) => r.attachment?.attachmentId))], [attached.attachmentId], "Attach repeated must answer the existing attachment");
  const shared = await attach(t, second.instanceId, VOLUME, volumeId);
  t.ensure(shared.attachmentId !== attached.attachmentId, "attaching one volume to a second instance answered the first instance's attachment");
  const port = await attach(t, first.instanceId, PORT, portId);

  const byInstance = await walkPages(t, "ListAttachments by instance", attachmentsOf(t.tenantA, { instanceId: first.instanceId }), 1);
  t.equal(byInstance.map((a) => a.attachmentId).sort(), [attached.attachmentId, port.attachmentId].sort(), "ListAttachments by instance must list exactly its attachments");
  const ports = await walkPages(t, "ListAttachments by instance and kind", attachmentsOf(t.tenantA, { instanceId: first.instanceId, kind: PORT }));
  t.equal(ports.map((a) => a.attachmentId), [port.attachmentId], "ListAttachments by instance and kind must list exactly its attachments of that kind");

  await t.repeat((i) => t.expectCode(t.tenantA.attachments.detach({ instanceId: first.instanceId, kind: PORT, targetId: portId }), Code.OK,
    `Detach (call ${i + 1})`));
  const left = await walkPages(t, "ListAttachments after Detach", attachmentsOf(t.tenantA, { instanceId: first.instanceId }));
  t.equal(left.map((a) => a.attachmentId), [attached.attachmentId], "Detach must remove the attachment, and only it");
  await t.expectCode(t.tenantA.attachments.detach({ instanceId: first.instanceId, kind: PORT, targetId: uniqueName("never") }), Code.OK,
    "Detach of a port never attached");
});

check("AttachmentService answers each error of its table: INVALID_ARGUMENT naming the field, NOT_FOUND, FAILED_PRECONDITION for a port attached elsewhere [compute] [attachments] [errors]",
  { covers: ["CORE-ERR-7", "CORE-ERR-3"] }, async (t) => {
    const [first, second] = await Promise.all([createInstance(t, "attach-errors-1"), createInstance(t, "attach-errors-2")]);
    const targetId = uniqueName("volume");
    const rows: [string, string, compute.AttachRequest][] = [
      ["instance_id", "without instance_id", { instanceId: "", kind: VOLUME, targetId }],
      ["kind", "without kind", { instanceId: first.instanceId, kind: compute.AttachmentKind.ATTACHMENT_KIND_UNSPECIFIED, targetId }],
      ["kind", "with an unknown kind (99)", { instanceId: first.instanceId, kind: 99 as compute.AttachmentKind, targetId }],
      ["target_id", "without target_id", { instanceId: first.instanceId, kind: VOLUME, targetId: "" }],
      ["target_id", "with a target_id of 129 bytes", { instanceId: first.instanceId, kind: VOLUME, targetId: "v".repeat(129) }],
    ];
    for (const [field, situation, request] of rows) {
      await expectInvalidField(t, t.tenantA.attachments.attach(request), field, `Attach ${situation}`);
      if (field !== "target_id" || request.targetId === "") {
        await expectInvalidField(t, t.tenantA.attachments.detach(request), field, `Detach ${situation}`);
      }
    }
    await expectInvalidField(t, t.tenantA.attachments.listAttachments(compute.ListAttachmentsRequest.fromPartial({ kind: 99 as compute.AttachmentKind })), "kind",
      "ListAttachments with an unknown kind (99)");
    await t.expectCode(t.tenantA.attachments.attach({ instanceId: uniqueName("unknown"), kind: VOLUME, targetId }), Code.NOT_FOUND,
      "Attach to an unknown instance", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    const portId = uniqueName("port");
    await attach(t, first.instanceId, PORT, portId);
    const twice = t.tenantA.attachments.attach({ instanceId: second.instanceId, kind: PORT, targetId: portId });
    twice.then(() => t.track(() => t.tenantA.attachments.detach({ instanceId: second.instanceId, kind: PORT, targetId: portId }), "Detach"), () => undefined);
    await t.expectCode(twice, Code.FAILED_PRECONDITION, "Attach of a port already attached to another instance of the tenant", Reason.ERROR_REASON_RESOURCE_BUSY);
    const onSecond = await walkPages(t, "ListAttachments of the second instance", attachmentsOf(t.tenantA, { instanceId: second.instanceId }));
    t.equal(onSecond, [], "a refused Attach left an attachment behind");
  });
