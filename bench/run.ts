// Runs every bench file of the workspaces in one process and prints one table.
// A bench file (`<package>/bench/*.bench.ts`) default-exports
// { name, run(): Promise<Row[]> }; rows compare ours with a baseline measured
// side by side, as the median ratio of interleaved rounds with its spread
// (bench/rounds.ts). Nothing here asserts: benchmarks report.
import { readdirSync, existsSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { Row } from "./rounds.js";

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

const ratio = (r: Row) => (r.spread ? `${r.ratio.toFixed(2)} (${r.spread[0].toFixed(2)}–${r.spread[1].toFixed(2)})` : r.ratio.toFixed(2));
const table = [["bench", "ours", "baseline", "ratio (spread)", "target"], ...rows.map((r) => [r.bench, r.ours, r.baseline, ratio(r), r.target])];
const widths = table[0]!.map((_, c) => Math.max(...table.map((line) => line[c]!.length)));
for (const [i, line] of table.entries()) {
  console.log(line.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}
