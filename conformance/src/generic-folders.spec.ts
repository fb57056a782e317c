import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("./", import.meta.url));
const repo = join(src, "..", "..");

/** Every layer the suite knows is a folder of layers/: its name is what generic code must never say. */
const layers = readdirSync(join(src, "layers"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

/** The parts of the suite that serve every layer, and the scripts assembled from the registries. */
const GENERIC = [
  "common", "runner", "registry", "reporters", "cli", "swap", "helpers", "probes", "embed", "fixtures", "config.ts",
].map((p) => join(src, p)).concat(["scripts/main-job.ts", "scripts/main-job", "scripts/ci-conformance.mjs"].map((p) => join(repo, p)));

function filesUnder(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name))).filter((f) => /\.(ts|mts|mjs)$/.test(f));
}

const files = GENERIC.flatMap(filesUnder).map((file) => ({ file, name: relative(repo, file), text: readFileSync(file, "utf8") }));
/** The only way into layers/ a generic test may take: the registration of every module. */
const REGISTRATION = /^\.\.\/layers\/index\.js$/;

describe("the generic parts of the conformance suite", () => {
  it("should find the layer folders and the generic files", () => {
    expect(layers.length).toBeGreaterThan(0);
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(layers)("should never name the %s layer", (layer) => {
    const named = files.filter(({ text }) => new RegExp(`\\b${layer}\\b`, "i").test(text)).map(({ name }) => name);
    expect(named, `generic files naming "${layer}": the layer hands them what they need through its module`).toEqual([]);
  });

  it("should import nothing from layers/ (a spec outside common/ may load the registration of every module)", () => {
    const imports = files.flatMap(({ file, name, text }) => [...text.matchAll(/(?:from|import)\s+["']([^"']+)["']/g)]
      .map((m) => m[1]!)
      .filter((spec) => spec.startsWith(".") && relative(join(src, "layers"), join(file, "..", spec)).split(/[\\/]/)[0] !== "..")
      .filter((spec) => !(name.endsWith(".spec.ts") && !name.includes("/common/") && REGISTRATION.test(spec)))
      .map((spec) => `${name} imports ${spec}`));
    expect(imports).toEqual([]);
  });
});
