import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const here = new URL("./", import.meta.url);
const layers = readdirSync(here, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

describe("layers/", () => {
  it("should register every layer folder in layers/index.ts", () => {
    const index = readFileSync(new URL("index.ts", here), "utf8");
    for (const layer of layers) expect(index).toContain(`./${layer}/index.js`);
  });

  it.each(layers)("should import every suite file of %s/ from its index", (layer) => {
    const dir = new URL(`${layer}/`, here);
    const index = readFileSync(new URL("index.ts", dir), "utf8");
    const suiteFiles = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".spec.ts") && f !== "index.ts");
    for (const file of suiteFiles) expect(index, `${layer}/index.ts must import ./${file}`).toContain(`import "./${file.replace(/\.ts$/, ".js")}";`);
  });
});
