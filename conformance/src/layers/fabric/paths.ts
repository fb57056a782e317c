import { core, rpc } from "@strata/sdk/contracts";
import { fabric } from "@strata/sdk/fabric";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { check } from "./fabric-checks.js";
import { createInitiator, createTarget, createZonedPair } from "./support/fabric-ports.js";
import { transferCall } from "./support/transfer-call.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const { FRAME_OPERATION_WRITE } = fabric.FrameOperation;
const { TRAFFIC_CLASS_LOSSLESS } = fabric.TrafficClass;
/** The least window docs/fabric.md allows GetPath's figures, ns. */
const MIN_WINDOW_NS = 10_000_000_000n;

check("GetPath counts the window's frames, gives their mean latencies with hops adding up to no more, over a window of at least 10 s [fabric] [path]",
  { covers: ["FAB-PATH-2", "FAB-PATH-3", "FAB-PATH-4", "FAB-SVC-1"] }, async (t) => {
    const { initiator, target } = await createZonedPair(t, "path");
    const ids = { initiatorPortId: initiator.portId, targetPortId: target.portId };
    const { path: idle } = await t.expectCode(t.tenantA.fabricPaths.getPath(ids), Code.OK, "GetPath of a fresh zoned pair");
    t.ensure(idle !== undefined, "GetPath answered OK without a path");
    t.equal({ frames: Number(idle!.frames), latencyNs: Number(idle!.latencyNs) }, { frames: 0, latencyNs: 0 }, "GetPath of a pair no frame crossed yet: frames and latency_ns");
    t.ensure(idle!.hops.length >= 1, "GetPath answered no hops; a path has at least one");
    t.ensure(idle!.windowNs >= MIN_WINDOW_NS, `GetPath answered window_ns ${idle!.windowNs}; the standard requires at least 10 s (${MIN_WINDOW_NS} ns)`);
    const latencies: number[] = [];
    const hopSums = new Map<string, number>();
    const FRAMES = 5;
    for (let i = 0; i < FRAMES; i++) {
      const call = await transferCall(t, { ...ids, label: `frame #${i}`, frame: { operation: FRAME_OPERATION_WRITE, trafficClass: TRAFFIC_CLASS_LOSSLESS, volumeId: "vol-1", offsetBytes: 0n, lengthBytes: 0n, data: Buffer.alloc(8192) } });
      latencies.push(Number(call.response!.pathLatencyNs));
      for (const hop of call.response!.hops) hopSums.set(hop.hopId, (hopSums.get(hop.hopId) ?? 0) + Number(hop.latencyNs));
    }
    const { path } = await t.expectCode(t.tenantA.fabricPaths.getPath(ids), Code.OK, `GetPath after ${FRAMES} frames`);
    t.equal(Number(path!.frames), FRAMES, `GetPath after ${FRAMES} delivered frames on the pair: frames`);
    t.equal(path!.hops.map((h) => h.hopId), idle!.hops.map((h) => h.hopId), "GetPath's hops changed with traffic; a pair's hops are the same its Transfers name");
    const mean = latencies.reduce((a, b) => a + b, 0) / FRAMES;
    t.ensure(Math.abs(Number(path!.latencyNs) - mean) <= 1 + 1e-6 * mean, `GetPath answered latency_ns ${path!.latencyNs}; the ${FRAMES} frames' path_latency_ns `
      + `(${latencies.join(", ")}) average ${mean.toFixed(1)}`);
    for (const hop of path!.hops) {
      const want = (hopSums.get(hop.hopId) ?? 0) / FRAMES;
      t.ensure(Math.abs(Number(hop.latencyNs) - want) <= 1 + 1e-6 * want, `GetPath answered latency_ns ${hop.latencyNs} for hop ${hop.hopId}; `
        + `the frames' answers at that hop average ${want.toFixed(1)}`);
    }
    const sum = path!.hops.reduce((total, h) => total + h.latencyNs, 0n);
    t.ensure(sum <= path!.latencyNs, `GetPath's hops add up to ${sum} ns, above its latency_ns of ${path!.latencyNs}; the standard requires no more`);
  });

check("PathService answers each error of its table: INVALID_ARGUMENT naming the field, NOT_FOUND, FAILED_PRECONDITION [fabric] [path] [errors]",
  { covers: ["FAB-ZONE-1"] }, async (t) => {
    const [initiator, target] = await Promise.all([createInitiator(t, "perr-i"), createTarget(t, "perr-t")]);
    const ids = { initiatorPortId: initiator.portId, targetPortId: target.portId };
    await expectInvalidField(t, t.tenantA.fabricPaths.getPath({ ...ids, initiatorPortId: "" }), "initiator_port_id", "GetPath without initiator_port_id");
    await expectInvalidField(t, t.tenantA.fabricPaths.getPath({ ...ids, targetPortId: "" }), "target_port_id", "GetPath without target_port_id");
    await expectInvalidField(t, t.tenantA.fabricPaths.getPath({ initiatorPortId: target.portId, targetPortId: target.portId }), "initiator_port_id", "GetPath from a target");
    await expectInvalidField(t, t.tenantA.fabricPaths.getPath({ initiatorPortId: initiator.portId, targetPortId: initiator.portId }), "target_port_id", "GetPath to an initiator");
    await t.expectCode(t.tenantA.fabricPaths.getPath({ ...ids, targetPortId: uniqueName("absent") }), Code.NOT_FOUND, "GetPath to an unknown target",
      Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    await t.expectCode(t.tenantA.fabricPaths.getPath(ids), Code.FAILED_PRECONDITION, "GetPath of a pair no zone lists", Reason.ERROR_REASON_RESOURCE_BUSY);
  });
