import { describe, expect, it } from "vitest";
import { createMaturityIndex } from "./create-maturity-index.js";
import { imageOf } from "./image-of.js";
import { findMaturityTable, formatMaturityTable, replaceMaturityTable } from "./maturity-table.js";

const DEMO = `syntax = "proto3";

// Maturity: beta.
package strata.demo.v1;

// Shelf.
//
// Maturity: stable.
message Shelf {
  // Its name.
  string name = 1;
  // Its colour.
  //
  // Maturity: development.
  string colour = 2;
}

// Book.
message Book {
  // Its title, stated as its message's: not a row of its own.
  //
  // Maturity: beta.
  string title = 1;
}

// ShelfService.
service ShelfService {
  // GetShelf.
  rpc GetShelf(Shelf) returns (Shelf);
}
`;

describe("formatMaturityTable()", () => {
  it("should list packages, services and every element whose maturity differs from its parent's", () => {
    const index = createMaturityIndex(imageOf({ "strata/demo/v1/demo.proto": DEMO }));
    expect(formatMaturityTable(index).split("\n")).toEqual([
      "| element | kind | maturity |",
      "|---|---|---|",
      "| `strata.demo.v1` | package | beta |",
      "| `strata.demo.v1.Shelf` | message | stable |",
      "| `strata.demo.v1.Shelf.colour` | field | development |",
      "| `strata.demo.v1.ShelfService` | service | beta |",
    ]);
  });
});

describe("replaceMaturityTable()", () => {
  const begin = "<!-- maturity table: generated from the proto tags by `npm run proto:maturity -- --docs`; do not edit -->";
  const page = `# Page\n\n${begin}\n| old |\n<!-- end of maturity table -->\n\nAfter.\n`;

  it("should replace only what lies between the markers", () => {
    const replaced = replaceMaturityTable(page, "| new |");
    expect(replaced).toBe(`# Page\n\n${begin}\n| new |\n<!-- end of maturity table -->\n\nAfter.\n`);
    expect(findMaturityTable(replaced)).toBe("| new |");
  });

  it("should refuse a page without the markers", () => {
    expect(() => replaceMaturityTable("# Page\n", "| new |")).toThrow(/no maturity table markers/);
    expect(findMaturityTable("# Page\n")).toBeUndefined();
  });
});
