import { rpc } from "@strata/sdk/contracts";
import { fabric } from "@strata/sdk/fabric";
import { uniqueName } from "../../../helpers/unique-name.js";
import type { DrivenResource, TrafficDriver } from "../../../registry/traffic-driver.js";
import type { FabricContext, FabricServices } from "../fabric-checks.js";
import { createZone, portRequest, createPortFrom } from "../support/fabric-ports.js";
import { transferCall, type FrameSpec } from "../support/transfer-call.js";

const { PORT_ROLE_INITIATOR, PORT_ROLE_TARGET } = fabric.PortRole;
const { FRAME_OPERATION_READ, FRAME_OPERATION_WRITE } = fabric.FrameOperation;
const LOSSLESS = fabric.TrafficClass.TRAFFIC_CLASS_LOSSLESS;

/** The labels of every port the driver makes, so that a conflicting create can change them. */
const LABELS = { conformance: "driver" };
/** The volume the driver's frames name: its targets are sinks, which take any. */
const VOLUME = "conformance-volume";

/** What the driver made around each initiator it drives: the sink target and the zone that pairs them. */
export interface DrivenPair {
  initiator: fabric.Port;
  target: fabric.Port;
  zone: fabric.Zone;
}

/** The target and zone of every initiator the driver made, by initiator id (driver.delete and the probes get only the id). */
const pairs = new Map<string, { targetId: string; zoneId: string }>();

/** The sink target the driver paired with an initiator (the initiator's id itself when the driver made none). */
export const pairedTarget = (initiatorPortId: string): string => pairs.get(initiatorPortId)?.targetId ?? initiatorPortId;

/** An initiator as the common checks see it. */
export function drivenPort(pair: DrivenPair): DrivenResource<DrivenPair> {
  const { initiator } = pair;
  return {
    id: initiator.portId,
    name: initiator.name,
    tenantId: initiator.workload?.tenantId ?? "",
    applicationId: initiator.workload?.applicationId ?? "",
    node: {
      kind: "fabric.port",
      displayName: initiator.name,
      attributes: {
        role: "PORT_ROLE_INITIATOR", speed_bytes_per_second: String(initiator.speedBytesPerSecond), buffer_frames: String(initiator.bufferFrames),
      },
    },
    recordAttributes: { target_port_id: pair.target.portId, traffic_class: "TRAFFIC_CLASS_LOSSLESS", volume_id: VOLUME },
    value: pair,
  };
}

/** The frame of the index-th call, in turn: a small write, a 4 KiB read; lossless, so that no conformant fabric drops it. */
function frameOf(index: number): FrameSpec {
  return index % 2 === 0
    ? { operation: FRAME_OPERATION_WRITE, trafficClass: LOSSLESS, volumeId: VOLUME, offsetBytes: BigInt(index * 512), lengthBytes: 0n, data: Buffer.alloc(512 + (index % 100), index & 0xff) }
    : { operation: FRAME_OPERATION_READ, trafficClass: LOSSLESS, volumeId: VOLUME, offsetBytes: BigInt(index * 4096), lengthBytes: 4096n, data: Buffer.alloc(0) };
}

/**
 * Fabric traffic: the driven resource is an initiator port, which the
 * driver pairs with a sink target of the same owner through a zone (the
 * zone deleted first); Transfers of a small write or a 4 KiB read in turn,
 * lossless, answered with the code the options expect (OK by default:
 * tenant B's from tenant A's initiator NOT_FOUND); when a call must fail, a
 * read above Limits.max_io_bytes (INVALID_ARGUMENT).
 */
export const fabricDriver: TrafficDriver<FabricServices, DrivenPair> = {
  resourceKind: "initiator port",
  operations: ["transfer"],
  rpcs: { create: "PortService.CreatePort", delete: "PortService.DeletePort" },

  async create(t, options = {}) {
    const as = options.as ?? t.tenantA;
    const name = options.name ?? uniqueName(`conformance-${options.stem ?? "resource"}`);
    const applicationId = options.applicationId;
    const common = { labels: LABELS, ...(applicationId !== undefined ? { applicationId } : {}) };
    // Names derived from the initiator's, so that a repeated create makes no second target or zone.
    const [initiator, target] = await Promise.all([
      createPortFrom(t, portRequest(t, "", PORT_ROLE_INITIATOR, { ...common, name, hostId: `host-${name}` }), as),
      createPortFrom(t, portRequest(t, "", PORT_ROLE_TARGET, { ...common, name: `${name}-t`, systemId: `system-${name}` }), as),
    ]);
    const zone = await createZone(t, "", [initiator.portId], [target.portId], { as, name: `${name}-z`, ...(applicationId !== undefined ? { applicationId } : {}) });
    pairs.set(initiator.portId, { targetId: target.portId, zoneId: zone.zoneId });
    return drivenPort({ initiator, target, zone });
  },

  async delete(clients, id) {
    const pair = pairs.get(id);
    if (pair) await clients.fabricZones.deleteZone({ zoneId: pair.zoneId }).catch(() => undefined);
    const [answer] = await Promise.all([
      clients.fabricPorts.deletePort({ portId: id }),
      pair ? clients.fabricPorts.deletePort({ portId: pair.targetId }).catch(() => undefined) : undefined,
    ]);
    return answer;
  },

  conflictingCreates(t, resource) {
    const { initiator } = resource.value;
    const same = { name: initiator.name, hostId: initiator.hostId, labels: LABELS, applicationId: initiator.workload?.applicationId };
    const variants: Array<[string, fabric.CreatePortRequest]> = [
      ["host_id", portRequest(t, "", PORT_ROLE_INITIATOR, { ...same, hostId: `${initiator.hostId}-other` })],
      ["role", portRequest(t, "", PORT_ROLE_TARGET, { ...same, systemId: "system-other" })],
      ["workload.application_id", portRequest(t, "", PORT_ROLE_INITIATOR, { ...same, applicationId: `${same.applicationId}-other` })],
      ["labels", portRequest(t, "", PORT_ROLE_INITIATOR, { ...same, labels: { conformance: "other" } })],
      ["labels (one more)", portRequest(t, "", PORT_ROLE_INITIATOR, { ...same, labels: { ...LABELS, extra: "x" } })],
    ];
    return variants.map(([differing, request]) => ({
      differing,
      call: () => t.tenantA.fabricPorts.createPort(request).then((answer) => {
        if (answer.port && answer.port.portId !== initiator.portId) t.track(() => t.tenantA.fabricPorts.deletePort({ portId: answer.port!.portId }), `DeletePort ${answer.port.portId}`);
        return answer;
      }),
    }));
  },

  call(t, resource, options) {
    const common = {
      as: options.as, initiatorPortId: resource.id, targetPortId: resource.value.target.portId,
      label: options.label, applicationId: options.applicationId, untraced: options.untraced, traceparent: options.traceparent,
    };
    if (options.fail) {
      const tooBig: FrameSpec = { ...frameOf(1), lengthBytes: t.limits.maxIoBytes + 1n };
      return transferCall(t, { ...common, frame: tooBig, code: rpc.Code.INVALID_ARGUMENT });
    }
    return transferCall(t, { ...common, frame: frameOf(options.index), code: options.code });
  },

  async snapshot(t: FabricContext, resource) {
    const { port } = await t.expectCode(t.tenantA.fabricPorts.getPort({ portId: resource.id }), rpc.Code.OK, `GetPort ${resource.id} by tenant A`);
    const zones = await t.expectCode(t.tenantA.fabricZones.listZones(fabric.ListZonesRequest.fromPartial({ portId: resource.id })), rpc.Code.OK, `ListZones of ${resource.id} by tenant A`);
    return {
      role: port?.role, hostId: port?.hostId, labels: port?.labels, applicationId: port?.workload?.applicationId,
      zones: zones.zones.map((z) => z.zoneId).sort(),
    };
  },
};
