import { defineService } from "../../server/service-registration.js";
import { validate } from "../../server/validate.js";
import { PathServiceService, type Path } from "./contracts.js";
import { pairKey } from "./fabric-catalog.js";
import { fabricPort, zonedPair, type FabricKit } from "./fabric-kit.js";

/** strata.fabric.v1.PathService: a zoned pair's hops, from the backend, with what the pair's frames met over the kit's window. */
export function createPathService(kit: FabricKit) {
  return defineService(PathServiceService, {
    getPath(request, ctx) {
      validate().id("initiator_port_id", request.initiatorPortId).id("target_port_id", request.targetPortId).throwIfAny();
      const { initiator, target } = zonedPair(kit, ctx.principal, request);
      const figures = kit.paths.figures(pairKey(initiator.portId, target.portId));
      // Hops rounded down and the path up, so that whole nanoseconds keep the hops within the path.
      const down = (ns: number) => BigInt(Math.floor(ns));
      const path: Path = {
        initiatorPortId: initiator.portId,
        targetPortId: target.portId,
        hops: kit.backend.pathHops(fabricPort(initiator), fabricPort(target)).map((hop) => ({
          hopId: hop.hopId, kind: hop.kind, latencyNs: down(figures.meanHopNs.get(hop.hopId) ?? 0),
        })),
        latencyNs: BigInt(Math.ceil(figures.meanLatencyNs)),
        frames: BigInt(figures.frames),
        windowNs: kit.paths.windowNs,
      };
      return { path };
    },
  });
}
