import { canAccessTenant, resolveNamedTenant } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import { Feature } from "../../gen/strata/core/v1/identity.js";
import { newId } from "../../server/new-id.js";
import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { Priority, QosServiceService, type QosClass } from "./contracts.js";
import { visibleQosClass, type NetworkKit } from "./network-kit.js";

/** strata.network.v1.QosService over a NetworkKit: stores classes; the backend's switch shapes by them. */
export function createQosService(kit: NetworkKit) {
  return defineService(QosServiceService, {
    setQosClass: (request, ctx) => kit.exclusive(async () => {
      const wanted = request.qosClass;
      if (!wanted) throw StrataError.invalidArgument("qos_class", "is required");
      const workload = wanted.workload;
      validate().id("qos_class.name", wanted.name).application("qos_class.workload.application_id", workload?.applicationId ?? "")
        .id("qos_class.workload.tenant_id", workload?.tenantId ?? "", false).throwIfAny();
      const tenantId = resolveNamedTenant(ctx.principal, "qos_class.workload.tenant_id", workload!.tenantId);
      if (wanted.priority !== Priority.PRIORITY_UNSPECIFIED && !kit.capabilities.has(Feature.FEATURE_NETWORK_PRIORITY_QUEUING)) {
        throw StrataError.capabilityNotSupported("FEATURE_NETWORK_PRIORITY_QUEUING");
      }
      const fields = {
        name: wanted.name,
        workload: { tenantId, applicationId: workload!.applicationId, component: workload!.component },
        maxBandwidthBytesPerSecond: wanted.maxBandwidthBytesPerSecond,
        priority: wanted.priority,
      };
      const existing = kit.catalog.qosClasses.named(tenantId, wanted.name);
      // Replaced in place: the ports naming the class follow its new limits at once.
      if (existing) return { qosClass: Object.assign(existing, fields) };
      const stored: QosClass = { qosClassId: newId("qos"), ...fields };
      kit.catalog.qosClasses.put(stored);
      return { qosClass: stored };
    }),

    getQosClass(request, ctx) {
      validate().id("qos_class_id", request.qosClassId).throwIfAny();
      return { qosClass: visibleQosClass(kit, ctx.principal, request.qosClassId) };
    },

    deleteQosClass: (request, ctx) => kit.exclusive(async () => {
      validate().id("qos_class_id", request.qosClassId).throwIfAny();
      const qosClass = kit.catalog.qosClasses.get(request.qosClassId);
      if (!qosClass || !canAccessTenant(ctx.principal, qosClass.workload!.tenantId)) return {};
      const users = [...kit.catalog.ports.values()].filter((p) => p.qosClassId === qosClass.qosClassId).length;
      if (users > 0) throw StrataError.busy("qos class", qosClass.qosClassId, `is named by ${users} port(s): delete them first`);
      kit.catalog.qosClasses.remove(qosClass);
      return {};
    }),

    listQosClasses(request, ctx) {
      const all = [...kit.catalog.qosClasses.values()].filter((c) => canAccessTenant(ctx.principal, c.workload!.tenantId));
      const { items, page } = paginate(all, (c) => c.qosClassId, request.page, { maxPageSize: kit.maxPageSize, context: ctx });
      return { qosClasses: items, page };
    },
  });
}
