import { telemetry } from "@strata/sdk/contracts";
import { describe, expect, it } from "vitest";
import { addTelemetryShape, type EndpointShape } from "./endpoint-shape.js";

const sample = (attributes: Record<string, string>, applicationId = "app") => telemetry.MetricSample.fromPartial({
  metric: "strata.fixture.ops", unit: "{op}", tenantId: "t", applicationId, resourceId: applicationId === "app" ? "r-1" : "strata.overflow",
  attributes, counter: { value: 1 },
});

describe("addTelemetryShape()", () => {
  it("should leave out overflow series, whose presence depends on the load of the moment", () => {
    const shape: EndpointShape = new Map();
    addTelemetryShape(shape, [telemetry.SubscribeResponse.fromPartial({
      batch: { samples: [sample({ operation: "read" }), sample({ "strata.overflow": "true" }, "strata.overflow")] },
    })]);
    expect([...shape]).toEqual([["metric strata.fixture.ops", "counter unit={op} attributes=[operation] attributed=[tenant_id,application_id,resource_id]"]]);
  });
});
