import { createFileRegistry, equals } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { createMaturityIndex } from "./create-maturity-index.js";
import { filterStable } from "./filter-stable.js";
import { imageOf } from "./image-of.js";

const SHELF = `syntax = "proto3";

// Maturity: beta.
package strata.demo.v1;

import "google/protobuf/duration.proto";

// Shelf holds books.
//
// Maturity: stable.
message Shelf {
  // Its name.
  string name = 1;
  // Its labels.
  map<string, string> labels = 2;
  // Its colour, still in development.
  //
  // Maturity: development.
  string colour = 3;
  // What it stands on.
  oneof base {
    // A floor.
    string floor = 4;
    // A wall.
    string wall = 5;
  }
  // How it hangs, still in development.
  //
  // Maturity: development.
  oneof hanging {
    // From a hook.
    string hook = 6;
  }
  // Its height, when known.
  optional uint32 height = 7;
  // How long it took to build.
  google.protobuf.Duration build_time = 8;
}

// Book is on a shelf.
message Book {
  // Its title.
  string title = 1;
}

// ShelfService serves shelves.
service ShelfService {
  // GetShelf returns a shelf.
  rpc GetShelf(Shelf) returns (Shelf);
}
`;

describe("filterStable()", () => {
  const image = imageOf({ "strata/demo/v1/demo.proto": SHELF });
  const index = createMaturityIndex(image);
  const filtered = filterStable(image, index);
  const demo = filtered.file.find((f) => f.name === "strata/demo/v1/demo.proto")!;

  it("should keep only the stable elements", () => {
    expect(index.errors).toEqual([]);
    expect(demo.messageType.map((m) => m.name)).toEqual(["Shelf"]);
    const shelf = demo.messageType[0];
    expect(shelf.field.map((f) => f.name)).toEqual(["name", "labels", "floor", "wall", "height", "build_time"]);
    expect(shelf.nestedType.map((m) => m.name)).toEqual(["LabelsEntry"]);
    expect(demo.service).toEqual([]);
  });

  it("should re-point the fields of the oneofs that stay", () => {
    const shelf = demo.messageType[0];
    expect(shelf.oneofDecl.map((o) => o.name)).toEqual(["base", "_height"]);
    const oneofOf = (name: string) => shelf.oneofDecl[shelf.field.find((f) => f.name === name)!.oneofIndex].name;
    expect([oneofOf("floor"), oneofOf("wall"), oneofOf("height")]).toEqual(["base", "base", "_height"]);
  });

  it("should yield files whose every type resolves", () => {
    const registry = createFileRegistry(filtered);
    expect(registry.getMessage("strata.demo.v1.Shelf")?.fields.map((f) => f.name)).toEqual([
      "name", "labels", "floor", "wall", "height", "build_time",
    ]);
    expect(registry.getMessage("strata.demo.v1.Book")).toBeUndefined();
  });

  it("should keep the comments and positions of what stays at its new path", () => {
    const comment = (path: number[]) =>
      demo.sourceCodeInfo!.location.find((l) => l.path.join(",") === path.join(","))?.leadingComments;
    expect(comment([4, 0, 2, 2])).toBe(" A floor.\n"); // field 3 of Shelf before, field 2 now
    expect(comment([4, 0, 8, 0])).toBe(" What it stands on.\n");
    expect(demo.sourceCodeInfo!.location.some((l) => l.leadingComments?.includes("Its colour"))).toBe(false);
    expect(demo.sourceCodeInfo!.location.some((l) => l.leadingComments?.includes("Book"))).toBe(false);
  });

  it("should keep the files of other standards whole", () => {
    const before = image.file.find((f) => f.name === "google/protobuf/duration.proto")!;
    const after = filtered.file.find((f) => f.name === "google/protobuf/duration.proto")!;
    expect(equals(FileDescriptorProtoSchema, before, after)).toBe(true);
  });
});
