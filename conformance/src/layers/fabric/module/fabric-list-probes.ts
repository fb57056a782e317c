import { fabric } from "@strata/sdk/fabric";
import type { ListProbe } from "../../../registry/layer-probes.js";
import { uniqueName } from "../../../helpers/unique-name.js";
import { createInitiator, createTarget, createZone } from "../support/fabric-ports.js";
import type { FabricServices } from "../fabric-checks.js";

type PortScope = { applicationId: string; role?: fabric.PortRole };
type ZoneScope = { portId: string };

/** Every List RPC of the fabric layer, with what each needs to list something of tenant A's. */
export const fabricListProbes: ListProbe<FabricServices>[] = [
  {
    rpc: "PortService.ListPorts",
    async list(clients, page, scope) {
      const filter = (scope ?? {}) as Partial<PortScope>;
      const answer = await clients.fabricPorts.listPorts({ page, applicationId: filter.applicationId ?? "", role: filter.role ?? 0 });
      return { ids: answer.ports.map((p) => p.portId), page: answer.page };
    },
    // Seven initiators under one fresh application, so that a walk filtered by it sees only them.
    async populate(t) {
      const applicationId = uniqueName("pages");
      const ports = await Promise.all(Array.from({ length: 7 }, (_, i) => createInitiator(t, `page-${i}`, { applicationId })));
      return {
        ids: ports.map((p) => p.portId), scope: { applicationId },
        otherScope: { applicationId, role: fabric.PortRole.PORT_ROLE_TARGET },
      };
    },
  },
  {
    rpc: "ZoneService.ListZones",
    async list(clients, page, scope) {
      const answer = await clients.fabricZones.listZones({ page, portId: (scope as ZoneScope | undefined)?.portId ?? "" });
      return { ids: answer.zones.map((z) => z.zoneId), page: answer.page };
    },
    // Five zones of one initiator, each with its own target.
    async populate(t) {
      const initiator = await createInitiator(t, "page-zones-i");
      const other = await createInitiator(t, "page-zones-other");
      const zones = [];
      for (let i = 0; i < 5; i++) {
        const target = await createTarget(t, `page-zones-t${i}`);
        zones.push(await createZone(t, `page-zone-${i}`, [initiator.portId], [target.portId]));
      }
      return { ids: zones.map((z) => z.zoneId), scope: { portId: initiator.portId }, otherScope: { portId: other.portId } };
    },
  },
];
