import { describe, expect, it } from "vitest";
import { createMaturityIndex } from "./create-maturity-index.js";
import { imageOf } from "./image-of.js";

/** A proto file of package strata.demo.v1 whose package statement carries `packageTag`. */
const demo = (body: string, packageTag = "// Maturity: beta.") => `syntax = "proto3";\n\n${packageTag}\npackage strata.demo.v1;\n\n${body}\n`;

const SHELF = `
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
  // Its height, when known.
  optional uint32 height = 6;
}

// Book is on a shelf.
message Book {
  // Its title.
  string title = 1;
}

// Side names a side.
enum Side {
  // No side.
  SIDE_UNSPECIFIED = 0;
  // The left.
  SIDE_LEFT = 1;
}

// ShelfService serves shelves.
service ShelfService {
  // GetShelf returns a shelf.
  //
  // Maturity: development.
  rpc GetShelf(Shelf) returns (Shelf);
}`;

describe("createMaturityIndex()", () => {
  it("should give every element a maturity, stated or inherited", () => {
    const index = createMaturityIndex(imageOf({ "strata/demo/v1/demo.proto": demo(SHELF) }));
    expect(index.errors).toEqual([]);
    const table = Object.fromEntries(index.elements.map((e) => [e.name, `${e.kind} ${e.maturity}${e.stated ? " stated" : ""}`]));
    expect(table).toEqual({
      "strata.demo.v1": "package beta stated",
      "strata.demo.v1.Shelf": "message stable stated",
      "strata.demo.v1.Shelf.name": "field stable",
      "strata.demo.v1.Shelf.labels": "field stable",
      "strata.demo.v1.Shelf.colour": "field development stated",
      "strata.demo.v1.Shelf.base": "oneof stable",
      "strata.demo.v1.Shelf.floor": "field stable",
      "strata.demo.v1.Shelf.wall": "field stable",
      "strata.demo.v1.Shelf.height": "field stable",
      "strata.demo.v1.Book": "message beta",
      "strata.demo.v1.Book.title": "field beta",
      "strata.demo.v1.Side": "enum beta",
      "strata.demo.v1.Side.SIDE_UNSPECIFIED": "enum value beta",
      "strata.demo.v1.Side.SIDE_LEFT": "enum value beta",
      "strata.demo.v1.ShelfService": "service beta",
      "strata.demo.v1.ShelfService.GetShelf": "rpc development stated",
    });
    expect(index.maturityOf("strata.demo.v1.Shelf.floor")).toBe("stable");
    expect(index.elements.find((e) => e.name === "strata.demo.v1.Shelf.floor")?.parent).toBe("strata.demo.v1.Shelf.base");
  });

  it("should refuse a field more mature than its message", () => {
    const index = createMaturityIndex(
      imageOf({ "strata/demo/v1/demo.proto": demo("// Book.\nmessage Book {\n  // Title.\n  //\n  // Maturity: stable.\n  string title = 1;\n}") }),
    );
    expect(index.errors).toEqual([
      "strata/demo/v1/demo.proto: field strata.demo.v1.Book.title is stable but the message strata.demo.v1.Book " +
        "that holds it is beta: an element is never more mature than what holds it",
    ]);
  });

  it("should refuse a file whose package statement states no maturity, unless told the package's", () => {
    const image = imageOf({ "strata/demo/v1/demo.proto": demo("// Book.\nmessage Book {}", "") });
    expect(createMaturityIndex(image).errors).toEqual([
      'strata/demo/v1/demo.proto: the package statement states no maturity: add a line "Maturity: ' +
        '<development|beta|stable>." to the comment above "package strata.demo.v1;"',
    ]);
    const old = createMaturityIndex(image, { untaggedPackage: "beta" });
    expect(old.errors).toEqual([]);
    expect(old.maturityOf("strata.demo.v1.Book")).toBe("beta");
  });

  it("should refuse files of one package that disagree", () => {
    const index = createMaturityIndex(
      imageOf({
        "strata/demo/v1/a.proto": demo("// A.\nmessage A {}"),
        "strata/demo/v1/b.proto": demo("// B.\nmessage B {}", "// Maturity: stable."),
      }),
    );
    expect(index.errors).toEqual([
      "package strata.demo.v1: its files disagree on its maturity (strata/demo/v1/a.proto: beta, strata/demo/v1/b.proto: stable)",
    ]);
  });

  it("should refuse a malformed tag, naming the element", () => {
    const index = createMaturityIndex(imageOf({ "strata/demo/v1/demo.proto": demo("// Book.\n// Maturity: Stable.\nmessage Book {}") }));
    expect(index.errors).toEqual([
      'strata/demo/v1/demo.proto: message strata.demo.v1.Book: malformed maturity tag "Maturity: Stable.": ' +
        'write one of "Maturity: development.", "Maturity: beta.", "Maturity: stable."',
    ]);
  });

  it("should refuse a stable element that uses a type that is not stable", () => {
    const body = `
// Book.
message Book {}

// Shelf.
//
// Maturity: stable.
message Shelf {
  // A book.
  Book first = 1;
  // Books by title.
  map<string, Book> by_title = 2;
}

// Library.
//
// Maturity: stable.
service Library {
  // GetBook.
  rpc GetBook(Shelf) returns (Book);
}`;
    const index = createMaturityIndex(imageOf({ "strata/demo/v1/demo.proto": demo(body) }));
    const uses = (what: string) =>
      `strata/demo/v1/demo.proto: ${what} is stable but uses message strata.demo.v1.Book, which is beta: a stable element uses only stable types`;
    expect(index.errors).toEqual([
      uses("field strata.demo.v1.Shelf.first"),
      uses("field strata.demo.v1.Shelf.by_title"),
      uses("rpc strata.demo.v1.Library.GetBook"),
    ]);
  });

  it("should refuse a stable enum whose zero value is not stable", () => {
    const body = "// Side.\n//\n// Maturity: stable.\nenum Side {\n  // None.\n  //\n  // Maturity: beta.\n  SIDE_UNSPECIFIED = 0;\n}";
    const index = createMaturityIndex(imageOf({ "strata/demo/v1/demo.proto": demo(body) }));
    expect(index.errors).toEqual([
      "strata/demo/v1/demo.proto: enum value strata.demo.v1.Side.SIDE_UNSPECIFIED is the zero value of the stable enum strata.demo.v1.Side: it is stable too",
    ]);
  });

  it("should leave the files of other standards out", () => {
    const body = 'import "google/protobuf/duration.proto";\n\n// Wait.\nmessage Wait {\n  // How long.\n  google.protobuf.Duration for = 1;\n}';
    const index = createMaturityIndex(imageOf({ "strata/demo/v1/demo.proto": demo(body) }));
    expect(index.errors).toEqual([]);
    expect(index.elements.map((e) => e.name)).toEqual(["strata.demo.v1", "strata.demo.v1.Wait", "strata.demo.v1.Wait.for"]);
  });
});
