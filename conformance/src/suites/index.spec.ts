import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFORMANCE_LAYERS } from "../layers.js";

const folders = ["common", ...CONFORMANCE_LAYERS];
const here = new URL("./", import.meta.url);

describe("suites/", () => {
  it("should have a folder per layer, plus common, each picked by suites/index.ts", () => {
    const index = readFileSync(new URL("index.ts", here), "utf8");
    for (const folder of folders) expect(index).toContain(`import "./${folder}/index.js";`);
  });

  it.each(folders)("should import every suite file of %s/ from its index", (folder) => {
    const dir = new URL(`${folder}/`, here);
    const index = readFileSync(new URL("index.ts", dir), "utf8");
    const suiteFiles = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".spec.ts") && f !== "index.ts");
    for (const file of suiteFiles) expect(index, `${folder}/index.ts must import ./${file}`).toContain(`import "./${file.replace(/\.ts$/, ".js")}";`);
  });
});
