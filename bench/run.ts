// Runs every bench file of the workspaces in one process and prints one table.
// A bench file (`<package>/bench/*.bench.ts`) default-exports
// { name, run(): Promise<Row[]> }; rows compare ours with a baseline measured
// side by side, as a ratio. Nothing here asserts: benchmarks report.
import { readdirSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";

interface Row {
  bench: string;
  ours: string;
  baseline: string;
  ratio: number;
  target: string;
}

interface BenchFile {
  name: string;
  run(): Promise<Row[]>;
}

const root = join(import.meta.dirname, "..");
const folders = ["sdk/bench", "reference-impls/bench", "conformance/bench"].map((f) => join(root, f)).filter(existsSync);
const files = folders.flatMap((folder) => readdirSync(folder).filter((f) => f.endsWith(".bench.ts")).sort().map((f) => join(folder, f)));
const only = process.argv[2];

const rows: Array<Row & { file: string }> = [];
for (const file of files) {
  if (only && !file.includes(only)) continue;
  const bench = ((await import(pathToFileURL(file).href)) as { default: BenchFile }).default;
  process.stderr.write(`running ${bench.name} (${relative(root, file)})…\n`);
  for (const row of await bench.run()) rows.push({ ...row, file: relative(root, file) });
}

const table = [["bench", "ours", "baseline", "ratio", "target"], ...rows.map((r) => [r.bench, r.ours, r.baseline, r.ratio.toFixed(2), r.target])];
const widths = table[0]!.map((_, c) => Math.max(...table.map((line) => line[c]!.length)));
for (const [i, line] of table.entries()) {
  console.log(line.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}
