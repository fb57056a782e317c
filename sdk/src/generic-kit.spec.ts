import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import * as contracts from "./contracts.js";
import { contractsRoot } from "./contracts/descriptor-set.js";

// The generic kit (everything of the SDK outside layers/ and gen/) must serve
// any layer and name none, so that a new layer costs only its own folders.
// Layer names are derived, never listed: the folders of src/layers and the
// proto packages that are not generic (not a namespace of the contracts entry).

const src = fileURLToPath(new URL(".", import.meta.url));
const sdk = join(src, "..");
const self = fileURLToPath(import.meta.url);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const layerFolders = readdirSync(join(src, "layers")).filter((name) => statSync(join(src, "layers", name)).isDirectory());
const genericPackages = new Set(Object.keys(contracts));
const layerPackages = contractsRoot().nestedArray
  .filter((n): n is protobuf.Namespace => n.name === "strata" && n instanceof protobuf.Namespace)
  .flatMap((strata) => strata.nestedArray.filter((n): n is protobuf.Namespace => n instanceof protobuf.Namespace))
  .filter((pkg) => !genericPackages.has(pkg.name));
const layerNames = [...new Set([...layerFolders, ...layerPackages.map((pkg) => pkg.name)])];

/** Services, messages and enums a layer's package declares, by their proto names. */
const declaredNames = layerPackages.flatMap((pkg) => pkg.nestedArray.flatMap(function names(n: protobuf.ReflectionObject): string[] {
  const nested = n instanceof protobuf.Namespace ? n.nestedArray.flatMap(names) : [];
  return n instanceof protobuf.Namespace && !(n instanceof protobuf.Type) && !(n instanceof protobuf.Service) ? nested : [n.name, ...nested];
}));

/** Names an entry file exports: `export { a, b as c }`, `export type { … }`, `export * as x`. */
function exportedNames(entry: string): string[] {
  const text = readFileSync(entry, "utf8");
  const names: string[] = [];
  for (const [, list] of text.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const part of list!.split(",")) {
      const name = part.trim().split(/\s+as\s+/).pop()?.replace(/^type\s+/, "").trim();
      if (name) names.push(name);
    }
  }
  for (const [, name] of text.matchAll(/export\s+\*\s+as\s+(\w+)/g)) names.push(name!);
  for (const [, name] of text.matchAll(/export\s+(?:const|function|class|interface|type)\s+(\w+)/g)) names.push(name!);
  return names;
}

const layerEntries = layerFolders.map((name) => join(src, "layers", name, "index.ts"));
const layerExports = new Set(layerEntries.flatMap(exportedNames));

const genericFiles = [...filesUnder(src), ...filesUnder(join(sdk, "bench"))]
  .filter((f) => /\.(ts|mts|js)$/.test(f) && f !== self)
  .filter((f) => !relative(src, f).startsWith("layers/") && !relative(src, f).startsWith("gen/"));

const sdkPackage = JSON.parse(readFileSync(join(sdk, "package.json"), "utf8")) as { exports: Record<string, Record<string, string>> };
const genericEntries = Object.entries(sdkPackage.exports)
  .filter(([key]) => !key.includes("*"))
  .map(([key, targets]) => ({ key, file: join(sdk, targets["strata-source"]!) }));

/** Matches a name as a word of an identifier: "storage", "Storage…", "…_STORAGE", "strata.storage". */
function layerNamePattern(name: string): RegExp {
  const cap = name[0]!.toUpperCase() + name.slice(1);
  return new RegExp(`(?<![A-Za-z])(?:${name}|${cap}|${name.toUpperCase()})(?![a-z])`);
}

describe("the generic kit", () => {
  it("should find the layers it must not name", () => {
    expect(layerNames.length).toBeGreaterThan(0);
    expect(declaredNames.length).toBeGreaterThan(0);
    expect(layerExports.size).toBeGreaterThan(0);
    expect(genericFiles.length).toBeGreaterThan(20);
  });

  it("should never import from layers/", () => {
    const offenders = genericFiles.filter((f) => /(?:from|import)\s*\(?\s*["'][^"']*\/layers\//.test(readFileSync(f, "utf8")));
    expect(offenders.map((f) => relative(sdk, f))).toEqual([]);
  });

  it("should name no layer, no element of a layer's contracts and no name a layer entry exports", () => {
    const patterns = [
      ...layerNames.map((name) => ({ what: `layer ${name}`, pattern: layerNamePattern(name) })),
      ...[...new Set([...declaredNames, ...layerExports])].map((name) => ({ what: name, pattern: new RegExp(`\\b${name}\\b`) })),
    ];
    const offenders: string[] = [];
    for (const file of genericFiles) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        for (const { what, pattern } of patterns) if (pattern.test(line)) offenders.push(`${relative(sdk, file)}:${i + 1} names ${what}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it("should keep its entries apart from the layers' entries", () => {
    expect(genericEntries.length).toBeGreaterThan(3);
    for (const { key, file } of genericEntries) {
      expect(relative(src, file).startsWith("layers/"), key).toBe(false);
      const shared = exportedNames(file).filter((name) => layerExports.has(name));
      expect(shared, `${key} exports a layer's names`).toEqual([]);
    }
  });
});
