import { describe, expect, it } from "vitest";
import { protoComments } from "./proto-comments.js";

const PROTO = `syntax = "proto3";
package x.v1;

// The service.
service ThingService {
  // Gets a thing.
  // Errors: NOT_FOUND.
  rpc GetThing(GetThingRequest) returns (Thing);
}

// A thing.
message Thing {
  // Its id.
  string id = 1;
  // Its labels.
  map<string, string> labels = 2;
  // The value.
  oneof value {
    // A number.
    double number = 3;
  }
  // A nested kind.
  enum Kind {
    KIND_UNSPECIFIED = 0;
  }
}

// Why.
enum Reason {
  // Not given.
  REASON_UNSPECIFIED = 0;
  // Because.
  REASON_BECAUSE = 1;
}
`;

describe("protoComments()", () => {
  it("should read the comments of messages, fields, oneofs, enum values and rpcs", () => {
    const comments = protoComments(PROTO);
    expect(comments.messages.get("Thing")).toEqual({
      comment: "A thing.",
      fields: [{ name: "id", comment: "Its id." }, { name: "labels", comment: "Its labels." }, { name: "number", comment: "A number.", oneof: "value" }],
      oneofs: [{ name: "value", comment: "The value." }],
    });
    expect(comments.enums.get("Reason")!.values).toEqual([
      { name: "REASON_UNSPECIFIED", comment: "Not given." }, { name: "REASON_BECAUSE", comment: "Because." },
    ]);
    expect(comments.rpcs.get("ThingService.GetThing")).toBe("Gets a thing.\nErrors: NOT_FOUND.");
  });
});
