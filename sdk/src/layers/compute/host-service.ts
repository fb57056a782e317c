import { paginate } from "../../server/paginate.js";
import { defineService } from "../../server/service-registration.js";
import type { ComputeKit } from "./compute-kit.js";
import { HostServiceService, type Host } from "./contracts.js";

/** strata.compute.v1.HostService: the hosts, with what their instances reserve. */
export function createHostService(kit: ComputeKit) {
  return defineService(HostServiceService, {
    listHosts(request, ctx) {
      const hosts = kit.backend.hosts().map((description): Host => {
        const room = kit.catalog.roomOn(description);
        return {
          hostId: description.hostId, name: description.name, cpuCores: description.cpuCores, memoryBytes: description.memoryBytes,
          allocatedMemoryBytes: room.allocatedMemoryBytes, allocatedVcpus: room.allocatedVcpus,
        };
      });
      const { items, page } = paginate(hosts, (h) => h.hostId, request.page, { maxPageSize: kit.maxPageSize, context: ctx });
      return { hosts: items, page };
    },
  });
}
