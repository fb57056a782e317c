import { core, management } from "@strata/sdk/contracts";
import { parseArgs } from "node:util";
import { runNoisyNeighbour, type NoisyNeighbourResult } from "./noisy-neighbour.js";
import { SCENARIO_STORAGE, type ScenarioStorage } from "./noisy-neighbour-stack.js";

const ms = (ns: number | bigint) => `${(Number(ns) / 1e6).toFixed(1)} ms`;

const summary = (r: NoisyNeighbourResult) =>
  `controller ${r.controller ? "ON " : "OFF"}: A's p99 under ${ms(r.targetNs)} in ${(r.withinTarget * 100).toFixed(1)} % of ${r.windowsP99Ns.length} hub windows `
  + `(median window p99 ${ms([...r.windowsP99Ns].sort((x, y) => x - y)[r.windowsP99Ns.length >> 1] ?? 0)}, worst ${ms(Math.max(0, ...r.windowsP99Ns))}); client-side p99 over the flood ${ms(r.clientP99Ns)}`;

/**
 * `npm run assurance:scenario [-- --storage blockfile --lan udpswitch]`: the
 * noisy-neighbour scenario with the controller off, then on; both figures
 * and the audit trail.
 */
const { values } = parseArgs({ options: { storage: { type: "string", default: "memstore" }, lan: { type: "string", default: "softswitch" } } });
if (!(values.storage in SCENARIO_STORAGE)) throw new Error(`--storage: one of ${Object.keys(SCENARIO_STORAGE).join(", ")}`);
console.log(`storage ${values.storage}, LAN ${values.lan}`);
const [off, on] = await runNoisyNeighbour({
  storage: values.storage as ScenarioStorage, lan: values.lan,
  phases: [{ controller: false, floodMs: 5000 }, { controller: true, floodMs: 20_000, tailMs: 3000 }],
});
console.log(summary(on));
console.log(summary(off));
const list = (xs: number[]) => xs.map((x) => (x / 1e6).toFixed(0)).join(" ");
if (process.env.STRATA_SCENARIO_WINDOWS) {
  for (const r of [on, off]) console.log(`windows (ms) calm: ${list(r.calmP99Ns)} | flood: ${list(r.windowsP99Ns)}`);
  // The windows over the target with the controller on: when, on how many transactions, and each layer's share.
  for (const w of on.windows.filter((x) => x.p99Ns > on.targetNs)) {
    const layers = [...w.layerMeanNs].map(([layer, ns]) => `${core.layerToJSON(layer).replace("LAYER_", "").toLowerCase()} ${(ns / 1e6).toFixed(0)}`).join(", ");
    console.log(`lost window at +${(w.offsetNs / 1e9).toFixed(1)} s: p99 ${ms(w.p99Ns)} over ${w.transactions} transactions (mean ms per layer: ${layers})`);
  }
}
console.log("audit trail (controller ON):");
for (const action of on.actions) {
  const offset = process.env.STRATA_SCENARIO_WINDOWS ? `+${(Number(action.timeUnixNano - on.floodStartNs) / 1e9).toFixed(2)} s ` : "";
  console.log(`${offset}${JSON.stringify(management.SlaAction.toJSON(action))}`);
}
