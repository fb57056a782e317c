import { core, telemetry } from "@strata/sdk/contracts";
import { describe, expect, it } from "vitest";
import { Names } from "../stitching/hop.js";
import { createRecordRelay } from "./record-relay.js";

const id = (length: number, last: number) => { const bytes = Buffer.alloc(length); bytes[length - 1] = last; return bytes; };

/** A record as decoded from the wire: ids in buffers of their own, every name its own string. */
const received = (span: number, parent: number | undefined, attributes: Record<string, string> = { host_id: "host-0" }) =>
  telemetry.RequestRecord.fromPartial({
    sequence: 9n, startTimeUnixNano: 1_700_000_000_000_000_000n, durationNs: 2500n, layer: core.Layer.LAYER_STORAGE,
    operation: ["wr", "ite"].join(""), resourceId: "vol-1", tenantId: "t1", applicationId: "shop", payloadBytes: 4096n, statusCode: 0,
    traceId: id(16, 7), spanId: id(8, span), parentSpanId: parent === undefined ? Buffer.alloc(0) : id(8, parent), attributes,
    measurements: span === 3 ? { queue_ns: 40n } : {},
  });

describe("createRecordRelay()", () => {
  it("should relay every field as received, but its sequence, with numbers for the durations, sizes and measurements", () => {
    const input = createRecordRelay()(received(3, 2));
    expect(input).toEqual({
      layer: core.Layer.LAYER_STORAGE, operation: "write", resourceId: "vol-1", tenantId: "t1", applicationId: "shop",
      startTimeUnixNano: 1_700_000_000_000_000_000n, durationNs: 2500, payloadBytes: 4096, statusCode: 0,
      traceId: id(16, 7), spanId: id(8, 3), parentSpanId: id(8, 2), attributes: { host_id: "host-0" }, measurements: { queue_ns: 40 },
    });
  });

  it("should keep one object of what consecutive records repeat: the trace, the parent's span, equal attributes, names", () => {
    const names = new Names();
    const relay = createRecordRelay(names);
    const [root, child, other] = [relay(received(1, undefined)), relay(received(2, 1)), relay(received(4, 9, { host_id: "host-1" }))];
    expect(child.traceId).toBe(root.traceId);
    expect(child.parentSpanId).toBe(root.spanId);
    expect(child.attributes).toBe(root.attributes);
    expect(child.operation).toBe(names.of("write"));
    expect(other.traceId).toBe(root.traceId);
    expect(other.parentSpanId).toEqual(id(8, 9));
    expect(other.attributes).toEqual({ host_id: "host-1" });
    expect(root.parentSpanId).toBe(relay(received(5, undefined, {})).parentSpanId);
  });
});
