import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LAYER_MODULES } from "./index.js";

const here = new URL("./", import.meta.url);
const folders = readdirSync(here, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

describe("layers/", () => {
  it("should register one module per layer folder, named after it", () => {
    expect(LAYER_MODULES.map((m) => m.name).sort()).toEqual([...folders].sort());
  });

  it.each(folders)("should import every suite file of %s/ from its index", (layer) => {
    const dir = new URL(`${layer}/`, here);
    const index = readFileSync(new URL("index.ts", dir), "utf8");
    const suiteFiles = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".spec.ts") && f !== "index.ts")
      .filter((f) => /^check\(/m.test(readFileSync(new URL(f, dir), "utf8")));
    expect(suiteFiles.length).toBeGreaterThan(0);
    for (const file of suiteFiles) expect(index, `${layer}/index.ts must import ./${file}`).toContain(`import "./${file.replace(/\.ts$/, ".js")}";`);
  });
});
