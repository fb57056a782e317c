import { setTimeout as sleep } from "node:timers/promises";
import { fabric } from "@strata/sdk/fabric";
import { uniqueName } from "../../../helpers/unique-name.js";
import type { SwapContext, SwapStep } from "../../../swap/swap-context.js";
import { filledFields, violatedFields, yesNo } from "../../../swap/swap-values.js";
import type { FabricServices } from "../fabric-checks.js";

const { PORT_ROLE_INITIATOR, PORT_ROLE_TARGET } = fabric.PortRole;
const { FRAME_OPERATION_READ, FRAME_OPERATION_WRITE } = fabric.FrameOperation;
const { TRAFFIC_CLASS_LOSSLESS } = fabric.TrafficClass;

/** A port of tenant A, deleted after the proof has read telemetry and topology. */
async function portFor(s: SwapContext<FabricServices>, stem: string, role: fabric.PortRole): Promise<fabric.Port | undefined> {
  const initiator = role === PORT_ROLE_INITIATOR;
  const request = fabric.CreatePortRequest.fromPartial({
    name: uniqueName(`swap-${stem}`), role, hostId: initiator ? "swap-host" : "", systemId: initiator ? "" : "swap-system",
    workload: { applicationId: s.config.applicationId }, labels: { swap: "proof" },
  });
  const answer = await s.call(`PortService.CreatePort ${initiator ? "initiator" : "target"}`, s.tenantA.fabricPorts.createPort(request));
  const port = answer?.port;
  if (port) s.track(() => s.tenantA.fabricPorts.deletePort({ portId: port.portId }), `DeletePort ${port.portId}`);
  return port;
}

/** An initiator, a sink target and a zone pairing them (the zone deleted first). */
async function pairFor(s: SwapContext<FabricServices>, stem: string) {
  const initiator = await portFor(s, `${stem}-i`, PORT_ROLE_INITIATOR);
  const target = await portFor(s, `${stem}-t`, PORT_ROLE_TARGET);
  if (!initiator || !target) return undefined;
  const answer = await s.call("ZoneService.CreateZone", s.tenantA.fabricZones.createZone(fabric.CreateZoneRequest.fromPartial({
    name: uniqueName(`swap-${stem}-z`), initiatorPortIds: [initiator.portId], targetPortIds: [target.portId],
    workload: { applicationId: s.config.applicationId },
  })));
  const zone = answer?.zone;
  if (zone) s.track(() => s.tenantA.fabricZones.deleteZone({ zoneId: zone.zoneId }), `DeleteZone ${zone.zoneId}`);
  return zone ? { initiator, target, zone } : undefined;
}

/**
 * The fabric swap scenario: ports, a zone, Transfers in both classes to a
 * sink target, GetPath, and the refusals of the spec, through
 * `s.call(label, …)`, so that status codes, metrics, records and topology of
 * both vendors line up. Values that depend on the fabric's links (speeds,
 * latencies, retransmissions) are compared by their presence only.
 */
export const fabricSwapSteps: readonly SwapStep<FabricServices>[] = [
  async function ports(s) {
    const port = await portFor(s, "port", PORT_ROLE_INITIATOR);
    if (!port) return;
    s.record("CreatePort response fills", filledFields({ ...port, speedBytesPerSecond: undefined, bufferFrames: undefined }));
    s.record("CreatePort: a line rate and a buffer set", yesNo(port.speedBytesPerSecond > 0n && port.bufferFrames >= 1));
    await s.call("PortService.GetPort", s.tenantA.fabricPorts.getPort({ portId: port.portId }));
    await s.call("PortService.ListPorts", s.tenantA.fabricPorts.listPorts(fabric.ListPortsRequest.fromPartial({})));
    s.record("CreatePort of an initiator without host_id: BadRequest fields", await violatedFields(s.tenantA.fabricPorts.createPort(fabric.CreatePortRequest.fromPartial({
      name: uniqueName("swap-invalid"), role: PORT_ROLE_INITIATOR, workload: { applicationId: s.config.applicationId },
    }))));
    await s.call("PortService.GetPort as tenant B of tenant A's port", s.tenantB.fabricPorts.getPort({ portId: port.portId }));
  },

  async function transfers(s) {
    const pair = await pairFor(s, "xfer");
    if (!pair) return;
    const ids = { initiatorPortId: pair.initiator.portId, targetPortId: pair.target.portId, volumeId: "swap-volume" };
    const write = await s.call("TransferService.Transfer write", s.tenantA.transfers.transfer(fabric.TransferRequest.fromPartial({
      ...ids, operation: FRAME_OPERATION_WRITE, trafficClass: TRAFFIC_CLASS_LOSSLESS, data: Buffer.alloc(2048, 7),
    })));
    s.record("Transfer write: not forwarded, hops named", yesNo(write?.forwarded === false && (write?.hops.length ?? 0) >= 1));
    const read = await s.call("TransferService.Transfer read", s.tenantA.transfers.transfer(fabric.TransferRequest.fromPartial({
      ...ids, operation: FRAME_OPERATION_READ, trafficClass: TRAFFIC_CLASS_LOSSLESS, lengthBytes: 4096n,
    })));
    s.record("Transfer read of a sink: length_bytes zero bytes", yesNo(read?.data.length === 4096 && read.data.every((b) => b === 0)));
    const path = await s.call("PathService.GetPath", s.tenantA.fabricPaths.getPath({ initiatorPortId: ids.initiatorPortId, targetPortId: ids.targetPortId }));
    s.record("GetPath counts the two frames", String(path?.path?.frames ?? "nothing"));
    s.record("Transfer without operation: BadRequest fields", await violatedFields(s.tenantA.transfers.transfer(fabric.TransferRequest.fromPartial(ids))));
    await s.call("TransferService.Transfer as tenant B from tenant A's initiator", s.tenantB.transfers.transfer(fabric.TransferRequest.fromPartial({
      ...ids, operation: FRAME_OPERATION_READ, lengthBytes: 512n,
    })));
    await s.call("ZoneService.DeleteZone", s.tenantA.fabricZones.deleteZone({ zoneId: pair.zone.zoneId }));
    await s.call("TransferService.Transfer of a pair no zone lists", s.tenantA.transfers.transfer(fabric.TransferRequest.fromPartial({
      ...ids, operation: FRAME_OPERATION_READ, lengthBytes: 512n,
    })));
  },

  async function zones(s) {
    const pair = await pairFor(s, "zones");
    if (!pair) return;
    s.record("CreateZone response fills", filledFields(pair.zone));
    await s.call("PortService.DeletePort of a zoned port", s.tenantA.fabricPorts.deletePort({ portId: pair.initiator.portId }));
    await s.call("ZoneService.ListZones by port", s.tenantA.fabricZones.listZones(fabric.ListZonesRequest.fromPartial({ portId: pair.initiator.portId })));
    await s.call("ZoneService.CreateZone with an initiator as target", s.tenantA.fabricZones.createZone(fabric.CreateZoneRequest.fromPartial({
      name: uniqueName("swap-bad-zone"), initiatorPortIds: [pair.initiator.portId], targetPortIds: [pair.initiator.portId],
      workload: { applicationId: s.config.applicationId },
    })));
    await s.call("ZoneService.GetZone of an unknown zone", s.tenantA.fabricZones.getZone({ zoneId: uniqueName("unknown") }));
  },

  async function samplesClosed(s) {
    // The traffic above shows in samples once its sample interval closes: wait one, within the step's deadline.
    const intervalMs = Number(s.limits.sampleIntervalNs / 1_000_000n);
    await sleep(Math.min(intervalMs, Math.max(0, s.config.timeoutMs - 1000)));
  },
];
