import { core, rpc } from "@strata/sdk/contracts";
import { fabric } from "@strata/sdk/fabric";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { check } from "./fabric-checks.js";
import { createInitiator, createTarget, createZone, createZonedPair } from "./support/fabric-ports.js";
import { transferCall } from "./support/transfer-call.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const { FRAME_OPERATION_READ, FRAME_OPERATION_WRITE } = fabric.FrameOperation;
const { TRAFFIC_CLASS_LOSSLESS } = fabric.TrafficClass;

check("TransferService answers each error of its table: INVALID_ARGUMENT naming the field, NOT_FOUND, FAILED_PRECONDITION for an unzoned pair [fabric] [transfer] [errors]",
  { covers: ["FAB-XFER-1", "FAB-XFER-2", "FAB-ZONE-1", "FAB-SVC-1"] }, async (t) => {
    const { initiator, target } = await createZonedPair(t, "xerr");
    const max = t.limits.maxIoBytes;
    const read = fabric.TransferRequest.fromPartial({
      initiatorPortId: initiator.portId, targetPortId: target.portId, operation: FRAME_OPERATION_READ, volumeId: "vol-1", lengthBytes: 512n,
    });
    const write = { ...read, operation: FRAME_OPERATION_WRITE, lengthBytes: 0n, data: Buffer.alloc(16) };
    const rows: [string, string, fabric.TransferRequest][] = [
      ["initiator_port_id", "without initiator_port_id", { ...read, initiatorPortId: "" }],
      ["target_port_id", "without target_port_id", { ...read, targetPortId: "" }],
      ["volume_id", "without volume_id", { ...read, volumeId: "" }],
      ["operation", "without operation", { ...read, operation: fabric.FrameOperation.FRAME_OPERATION_UNSPECIFIED }],
      ["data", "of a read with data", { ...read, data: Buffer.alloc(16) }],
      ["data", `of a write of ${max + 1n} bytes, above Limits.max_io_bytes`, { ...write, data: Buffer.alloc(Number(max) + 1) }],
      ["length_bytes", `of a read of ${max + 1n} bytes, above Limits.max_io_bytes`, { ...read, lengthBytes: max + 1n }],
      ["length_bytes", "of a write with length_bytes", { ...write, lengthBytes: 16n }],
      ["initiator_port_id", "from a target", { ...read, initiatorPortId: target.portId }],
      ["target_port_id", "to an initiator", { ...read, targetPortId: initiator.portId }],
    ];
    for (const [field, situation, request] of rows) await expectInvalidField(t, t.tenantA.transfers.transfer(request), field, `Transfer ${situation}`);
    await t.expectCode(t.tenantA.transfers.transfer({ ...read, initiatorPortId: uniqueName("absent") }), Code.NOT_FOUND, "Transfer from an unknown initiator",
      Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    await t.expectCode(t.tenantA.transfers.transfer({ ...read, targetPortId: uniqueName("absent") }), Code.NOT_FOUND, "Transfer to an unknown target",
      Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    const lone = await createTarget(t, "xerr-lone");
    await t.expectCode(t.tenantA.transfers.transfer({ ...read, targetPortId: lone.portId }), Code.FAILED_PRECONDITION,
      "Transfer to a target no zone pairs with the initiator", Reason.ERROR_REASON_RESOURCE_BUSY);
    await t.expectCode(t.tenantA.transfers.transfer({ ...write, data: Buffer.alloc(Number(max)) }), Code.OK, `Transfer of a write of exactly Limits.max_io_bytes (${max})`);
  });

check("Zoning: a pair no zone lists is refused with FAILED_PRECONDITION, before its zone exists and once it is deleted, and nothing reaches the target [fabric] [zones] [transfer]",
  { covers: ["FAB-ZONE-1"] }, async (t) => {
    const [initiator, target] = await Promise.all([createInitiator(t, "zoning-i"), createTarget(t, "zoning-t")]);
    const frame = { operation: FRAME_OPERATION_WRITE, trafficClass: TRAFFIC_CLASS_LOSSLESS, volumeId: "vol-1", offsetBytes: 0n, lengthBytes: 0n, data: Buffer.alloc(512) };
    const ids = { initiatorPortId: initiator.portId, targetPortId: target.portId };
    const refused = async (label: string) => {
      await transferCall(t, { ...ids, frame, label, code: Code.FAILED_PRECONDITION });
      await t.expectCode(t.tenantA.fabricPaths.getPath(ids), Code.FAILED_PRECONDITION, `GetPath ${label}`, Reason.ERROR_REASON_RESOURCE_BUSY);
    };
    await refused("of a pair no zone lists");
    // Another initiator's zone with the same target zones nothing for this one.
    const other = await createInitiator(t, "zoning-other");
    await createZone(t, "zoning-other", [other.portId], [target.portId]);
    await refused("of a pair whose target is zoned with another initiator only");
    const zone = await createZone(t, "zoning", [initiator.portId], [target.portId]);
    await transferCall(t, { ...ids, frame, label: "once a zone lists the pair" });
    await t.expectCode(t.tenantA.fabricZones.deleteZone({ zoneId: zone.zoneId }), Code.OK, "DeleteZone");
    await refused("once the zone listing the pair is deleted");
    await createZone(t, "zoning-again", [initiator.portId], [target.portId]);
    const { path } = await t.expectCode(t.tenantA.fabricPaths.getPath(ids), Code.OK, "GetPath once the pair is zoned again");
    t.ensure(Number(path?.frames ?? 0) <= 1, `GetPath once the pair is zoned again counts ${path?.frames} frames delivered on the pair in its window; `
      + "only the one Transfer made while the pair was zoned may have reached the target, none of the refused ones");
  });

check("A sink target acknowledges every frame: a write answers OK, a read OK with length_bytes zero bytes, forwarded false [fabric] [transfer]",
  { covers: ["FAB-FWD-1"] }, async (t) => {
    const { initiator, target } = await createZonedPair(t, "sink");
    t.equal(target.storageBound, false, `target ${target.portId} of a storage system the endpoint has never heard of has storage_bound true`);
    const ids = { initiatorPortId: initiator.portId, targetPortId: target.portId };
    for (const trafficClass of [TRAFFIC_CLASS_LOSSLESS, fabric.TrafficClass.TRAFFIC_CLASS_UNSPECIFIED]) {
      const name = fabric.trafficClassToJSON(trafficClass);
      const wrote = await transferCall(t, { ...ids, label: `write in ${name}`, frame: { operation: FRAME_OPERATION_WRITE, trafficClass, volumeId: "vol-1", offsetBytes: 0n, lengthBytes: 0n, data: Buffer.alloc(3000, 9) } });
      t.equal({ data: wrote.response?.data.length, forwarded: wrote.response?.forwarded }, { data: 0, forwarded: false }, `${wrote.what} to a sink target: the answer`);
      const read = await transferCall(t, { ...ids, label: `read in ${name}`, frame: { operation: FRAME_OPERATION_READ, trafficClass, volumeId: "vol-1", offsetBytes: 4096n, lengthBytes: 5000n, data: Buffer.alloc(0) } });
      const data = read.response?.data ?? Buffer.alloc(0);
      t.ensure(data.length === 5000 && data.every((b) => b === 0), `${read.what} from a sink target answered ${data.length} bytes`
        + `${data.some((b) => b !== 0) ? " not all zero" : ""}; a sink answers a read with length_bytes zero bytes`);
      t.equal(read.response?.forwarded, false, `${read.what} from a sink target: forwarded`);
    }
  });

check("Transfer answers the hops of its path, whose latencies add up to no more than path_latency_ns, itself no more than the suite observed [fabric] [transfer] [path]",
  { covers: ["FAB-PATH-1"] }, async (t) => {
    const { initiator, target } = await createZonedPair(t, "hops");
    const ids = { initiatorPortId: initiator.portId, targetPortId: target.portId };
    const size = Number(t.limits.maxIoBytes < 65536n ? t.limits.maxIoBytes : 65536n);
    let hopIds: string | undefined;
    for (let i = 0; i < 6; i++) {
      const call = await transferCall(t, { ...ids, label: `frame #${i}`, frame: { operation: FRAME_OPERATION_WRITE, trafficClass: TRAFFIC_CLASS_LOSSLESS, volumeId: "vol-1", offsetBytes: 0n, lengthBytes: 0n, data: Buffer.alloc(size) } });
      const response = call.response!;
      t.ensure(response.hops.length >= 1, `${call.what} answered no hops; a frame crosses at least one`);
      const names = response.hops.map((h) => `${h.hopId}(${fabric.hopKindToJSON(h.kind)})`).join(" → ");
      for (const hop of response.hops) {
        t.ensure(hop.hopId !== "" && hop.kind !== fabric.HopKind.HOP_KIND_UNSPECIFIED, `${call.what}: hop ${names} has an empty hop_id or an unspecified kind`);
      }
      t.ensure(hopIds === undefined || hopIds === names, `${call.what} crossed ${names}, the frame before ${hopIds}: a pair's hops are stable within the endpoint`);
      hopIds = names;
      const sum = response.hops.reduce((total, h) => total + h.latencyNs, 0n);
      t.ensure(sum <= response.pathLatencyNs, `${call.what}: its hops' latency_ns add up to ${sum} ns, above its path_latency_ns of ${response.pathLatencyNs} ns; `
        + "the standard requires them to add up to no more");
      // The path is part of the call: it cannot have taken longer than the suite waited for the answer.
      t.ensure(Number(response.pathLatencyNs) <= call.observedMs * 1e6, `${call.what}: path_latency_ns ${response.pathLatencyNs} is above the `
        + `${(call.observedMs * 1e6).toFixed(0)} ns the suite waited for the whole Transfer`);
    }
  });
