import { fabric } from "@strata/sdk/fabric";
import type { Carriage, FabricBackend, FabricPort, FrameClass } from "@strata/sdk/fabric";

/** Test helper: two ports on a backend and a burst of frames between them, all at once. */
export async function burst(backend: FabricBackend, frames: number, sizeBytes: number, trafficClass: FrameClass): Promise<Carriage[]> {
  const port = (portId: string, role: fabric.PortRole): FabricPort => ({ portId, role, ...backend.linkFor(role) });
  const initiator = port("i1", fabric.PortRole.PORT_ROLE_INITIATOR);
  const target = port("t1", fabric.PortRole.PORT_ROLE_TARGET);
  await backend.addPort(initiator);
  await backend.addPort(target);
  const signal = new AbortController().signal;
  return Promise.all(Array.from({ length: frames }, (_, frameId) => backend.carry({ frameId, initiator, target, trafficClass, sizeBytes, signal })));
}
