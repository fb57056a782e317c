import { core, rpc, telemetry } from "@strata/sdk/contracts";
import { fabric } from "@strata/sdk/fabric";
import { StrataError } from "@strata/sdk/client";
import { failStream, waitSynced } from "../../helpers/telemetry-expect.js";
import { sampleIntervalMs, subscribeAs } from "../../helpers/telemetry-reader.js";
import { check } from "./fabric-checks.js";
import { FABRIC_TARGET_ROWS } from "./module/fabric-metric-catalogue.js";
import { createZonedPair } from "./support/fabric-ports.js";

const { Code } = rpc;
const { FRAME_OPERATION_READ } = fabric.FrameOperation;
const { TRAFFIC_CLASS_LOSSLESS, TRAFFIC_CLASS_BEST_EFFORT } = fabric.TrafficClass;
const BEST_EFFORT = fabric.trafficClassToJSON(TRAFFIC_CLASS_BEST_EFFORT);
const LOSSLESS = fabric.trafficClassToJSON(TRAFFIC_CLASS_LOSSLESS);
/** Time each frame of a burst keeps the slower link of the pair busy, at its declared line rate, s. */
const FRAME_SECONDS = 0.004;
/** Slack over two sample intervals for the samples of the interval that saw the burst, ms. */
const SAMPLE_SLACK_MS = 500;

/** What one frame of a burst came to. */
interface Outcome {
  code: rpc.Code;
  reason?: core.ErrorReason;
  retransmissions: number;
}

check("Under congestion the lossless class delivers every frame while the best-effort drops are counted, once, in the target's drops_rate; the lossless drops_rate stays 0 [fabric] [congestion] [metrics]",
  { covers: ["FAB-CLASS-1", "FAB-CLASS-2", "FAB-CLASS-3", "FAB-CAT-2", "FAB-CAT-3"] }, async (t) => {
    const { initiator, target } = await createZonedPair(t, "congestion");
    // Frames that keep the slower link a few ms each, and more at once than both links buffer: congestion on any fabric as it declares itself.
    const speed = Number(initiator.speedBytesPerSecond < target.speedBytesPerSecond ? initiator.speedBytesPerSecond : target.speedBytesPerSecond);
    const size = Math.max(512, Math.min(Number(t.limits.maxIoBytes), 262_144, Math.ceil(speed * FRAME_SECONDS)));
    const frames = Math.min(64, 3 * (initiator.bufferFrames + target.bufferFrames) + 4);
    const reader = subscribeAs(t, t.tenantA, { mode: telemetry.Mode.MODE_STREAM, selector: { resourceIds: [target.portId] } }, "tenant A's Subscribe to the target");
    await waitSynced(t, reader, "tenant A");
    const burst = (trafficClass: fabric.TrafficClass) => Promise.all(Array.from({ length: frames }, async (_, i): Promise<Outcome> => {
      try {
        const answer = await t.tenantA.transfers.transfer(fabric.TransferRequest.fromPartial({
          initiatorPortId: initiator.portId, targetPortId: target.portId, trafficClass, operation: FRAME_OPERATION_READ,
          volumeId: "vol-1", offsetBytes: BigInt(i * size), lengthBytes: BigInt(size),
        }));
        return { code: Code.OK, retransmissions: answer.retransmissions };
      } catch (error) {
        if (!(error instanceof StrataError)) throw error;
        return { code: error.code as number as rpc.Code, reason: error.reason, retransmissions: 0 };
      }
    }));
    const what = `${frames} reads of ${size} bytes at once from initiator ${initiator.portId} (${initiator.speedBytesPerSecond} B/s, ${initiator.bufferFrames} frames of buffer) `
      + `to target ${target.portId} (${target.speedBytesPerSecond} B/s, ${target.bufferFrames} frames)`;
    const lossless = await burst(TRAFFIC_CLASS_LOSSLESS);
    const lost = lossless.filter((o) => o.code !== Code.OK);
    t.ensure(lost.length === 0, `${what} in ${LOSSLESS}: ${lost.length} answered ${[...new Set(lost.map((o) => rpc.Code[o.code]))].join(", ")}; `
      + "the fabric MUST NOT drop a lossless frame: it waits for room and retransmits");
    const bestEffort = await burst(TRAFFIC_CLASS_BEST_EFFORT);
    const odd = bestEffort.filter((o) => o.code !== Code.OK && !(o.code === Code.RESOURCE_EXHAUSTED && o.reason === core.ErrorReason.ERROR_REASON_CAPACITY_EXHAUSTED));
    t.ensure(odd.length === 0, `${what} in ${BEST_EFFORT}: ${odd.length} answered ${[...new Set(odd.map((o) => rpc.Code[o.code]))].join(", ")}; `
      + "a dropped frame answers RESOURCE_EXHAUSTED with ERROR_REASON_CAPACITY_EXHAUSTED");
    const resent = bestEffort.filter((o) => o.code === Code.OK && o.retransmissions > 0);
    t.ensure(resent.length === 0, `${what} in ${BEST_EFFORT}: ${resent.length} answered retransmissions above 0; a best-effort frame is dropped, never retransmitted`);
    const dropped = bestEffort.length - bestEffort.filter((o) => o.code === Code.OK).length;
    t.log(`${what}: ${dropped} best-effort frames dropped, ${lossless.reduce((n, o) => n + o.retransmissions, 0)} lossless retransmissions`);

    // The drops show in the target's samples of the intervals that saw them.
    const done = reader.samples.length;
    const waitMs = 2 * sampleIntervalMs(t.limits) + SAMPLE_SLACK_MS;
    await reader.waitFor(() => reader.samples.length > done && reader.samples.slice(done).some((s) => s.sample.metric === "strata.fabric.target.drops_rate"), waitMs, t.signal);
    failStream(t, reader, "tenant A");
    const of = (metric: string, klass?: string) => reader.samples.filter(({ sample }) => sample.metric === metric
      && sample.resourceId === target.portId && (klass === undefined || sample.attributes.traffic_class === klass));
    for (const row of FABRIC_TARGET_ROWS) {
      const samples = of(row.metric);
      t.ensure(samples.length > 0, `no sample of ${row.metric} for target ${target.portId} within ${waitMs} ms; the standard requires every per-target row every interval`);
      for (const { sample } of samples) {
        t.ensure(sample.unit === row.unit && sample.gauge !== undefined, `${row.metric} of target ${target.portId}: unit "${sample.unit}", `
          + `${sample.gauge ? "a gauge" : "not a gauge"}; the catalogue fixes a gauge in "${row.unit}"`);
        t.equal(Object.keys(sample.attributes).sort(), [...row.attributes], `${row.metric} of target ${target.portId}: attribute keys`);
      }
    }
    const total = (klass: string) => of("strata.fabric.target.drops_rate", klass)
      .reduce((sum, { sample }) => sum + (sample.gauge?.value ?? 0) * (Number(sample.timeUnixNano - sample.startTimeUnixNano) / 1e9), 0);
    const losslessSeries = of("strata.fabric.target.drops_rate", LOSSLESS);
    t.ensure(losslessSeries.length > 0, `no ${LOSSLESS} series of strata.fabric.target.drops_rate for target ${target.portId}; the standard requires one per class`);
    const nonZero = losslessSeries.find(({ sample }) => (sample.gauge?.value ?? 0) !== 0);
    t.ensure(!nonZero, `strata.fabric.target.drops_rate{traffic_class=${LOSSLESS}} of target ${target.portId} is ${nonZero?.sample.gauge?.value}; it MUST be 0 in every sample`);
    const counted = total(BEST_EFFORT);
    t.ensure(Math.abs(counted - dropped) <= 0.5 + 0.05 * dropped, `strata.fabric.target.drops_rate{traffic_class=${BEST_EFFORT}} × interval lengths adds up to `
      + `${counted.toFixed(2)} frames for target ${target.portId}; ${dropped} best-effort frames of the burst were dropped, each of which MUST be counted once`);
    const delivered = lossless.length + bestEffort.length - dropped;
    const deliveredRate = of("strata.fabric.target.frames_rate")
      .reduce((sum, { sample }) => sum + (sample.gauge?.value ?? 0) * (Number(sample.timeUnixNano - sample.startTimeUnixNano) / 1e9), 0);
    t.ensure(Math.abs(deliveredRate - delivered) <= 0.5 + 0.05 * delivered, `strata.fabric.target.frames_rate × interval lengths adds up to ${deliveredRate.toFixed(2)} `
      + `frames for target ${target.portId}; the fabric delivered ${delivered} frames to it`);
  });
