import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const here = new URL("./", import.meta.url);

describe("common/", () => {
  it("should import every suite file from its index", () => {
    const index = readFileSync(new URL("index.ts", here), "utf8");
    const suiteFiles = readdirSync(here).filter((f) => f.endsWith(".ts") && !f.endsWith(".spec.ts") && f !== "index.ts");
    for (const file of suiteFiles) expect(index, `common/index.ts must import ./${file}`).toContain(`import "./${file.replace(/\.ts$/, ".js")}";`);
  });
});
