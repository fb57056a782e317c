import { Server, ServerCredentials, type ServerWritableStream } from "@grpc/grpc-js";
import { telemetry } from "@strata/sdk/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../fixtures/eventually.js";
import { createEndpointLink, type EndpointLink, type LinkSink } from "./endpoint-link.js";

const { SubscribeResponse, GapReason } = telemetry;

/** A sink that keeps nothing: the spec reads the link's status. */
const ignoring: LinkSink = {
  records() {}, samples() {}, disturbed() {}, synced() {}, pulse() {}, layers() {}, topologySnapshot() {}, topologyChange() {},
};

describe("createEndpointLink()", () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it("should count the Gaps an endpoint's stream sends and the request records they say were dropped, and log each", async () => {
    // An endpoint's telemetry stream: a SyncMarker, then two SLOW_SUBSCRIBER Gaps, then quiet (its other services answer UNIMPLEMENTED).
    const server = new Server();
    server.addService(telemetry.TelemetryServiceService, {
      subscribe(call: ServerWritableStream<telemetry.SubscribeRequest, telemetry.SubscribeResponse>) {
        const gap = (from: bigint, to: bigint, droppedRecords: bigint) => ({ fromSequence: from, toSequence: to, droppedRecords, droppedSamples: 3n, reason: GapReason.GAP_REASON_SLOW_SUBSCRIBER });
        call.write(SubscribeResponse.fromPartial({ streamSequence: 1n, watermark: 10n, logId: "log", sync: { sequence: 10n } }));
        call.write(SubscribeResponse.fromPartial({ streamSequence: 2n, watermark: 20n, logId: "log", gap: gap(11n, 20n, 5n) }));
        call.write(SubscribeResponse.fromPartial({ streamSequence: 3n, watermark: 30n, logId: "log", gap: gap(21n, 30n, 2n) }));
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    cleanup.push(() => server.forceShutdown());
    const lines: string[] = [];
    const link: EndpointLink = createEndpointLink({ target: `127.0.0.1:${port}`, auth: { none: true } }, ignoring, { log: (line) => lines.push(line) });
    cleanup.push(() => link.close());
    const status = await eventually(() => (link.status.gaps === 2 ? link.status : undefined), 10_000, "two gaps");
    expect(status.droppedRecords).toBe(7n);
    expect(status.watermark).toBe(30n);
    expect(lines.filter((line) => line.includes("GAP_REASON_SLOW_SUBSCRIBER"))).toEqual([
      `127.0.0.1:${port}: Gap 11..20 (GAP_REASON_SLOW_SUBSCRIBER, 5 records, 3 samples)`,
      `127.0.0.1:${port}: Gap 21..30 (GAP_REASON_SLOW_SUBSCRIBER, 2 records, 3 samples)`,
    ]);
  });
});
