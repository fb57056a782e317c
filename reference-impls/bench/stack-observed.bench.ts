// The cost of being observed: end-to-end device transactions per second
// through the whole reference stack (six vendor processes, bundled default
// vendors) with the hub subscribed to all six, against the same stack with no
// hub, in interleaved rounds of a closed-loop load (a fixed number of
// transactions in flight, as fast as the stack answers). Each "with" round
// starts a hub and waits until its streams are synced; each "without" round
// runs after it stopped, so that the vendors stream to no one.
// Goal: ratio ≥ 0.9.
import { median, roundRatio, type Row } from "../../bench/rounds.js";
import { createStackHub } from "../src/stack/create-stack-hub.js";
import { startStack } from "../src/stack/run-stack.js";
import { runWorkload } from "../src/stack/run-workload.js";
import { loadStackConfig, STACK_LAYERS } from "../src/stack/stack-config.js";
import { waitUntilReady } from "../src/stack/wait-until-ready.js";

const ROUNDS = 5;
const ROUND_SECONDS = 3;
const CONCURRENCY = 8;

export default {
  name: "stack observed",
  async run(): Promise<Row[]> {
    const config = loadStackConfig();
    const stack = await startStack(config);
    try {
      await stack.hub.shutdown(500);
      const addresses = Object.fromEntries(STACK_LAYERS.map((l) => [l, stack.endpoints[l].address])) as Parameters<typeof createStackHub>[1];
      const load = async () => {
        const result = await runWorkload({
          deviceAddress: stack.endpoints.device.address, applications: stack.applications, authOf: (t) => stack.credentials.tenant(t),
          workload: { rate: 0, durationSeconds: ROUND_SECONDS, concurrency: CONCURRENCY, payloadBytes: config.workload.payloadBytes },
        });
        if (result.failed > 0) throw new Error(`${result.failed} transactions failed in a round: ${[...result.failures].map(([c, n]) => `${n}× code ${c}`).join(", ")}`);
        return result.perSecond;
      };
      const observed = async () => {
        const hub = createStackHub(config, addresses, stack.credentials);
        const address = await hub.listen("127.0.0.1:0");
        try {
          await waitUntilReady(address, stack.credentials.operator);
          return await load();
        } finally {
          await hub.shutdown(500);
        }
      };
      await load(); // warm up the vendors' paths once, unmeasured
      const ours: number[] = [];
      const baseline: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        // Alternate which goes first, so that a drift of the machine's load weighs on both.
        if (r % 2 === 0) { ours.push(await observed()); baseline.push(await load()); }
        else { baseline.push(await load()); ours.push(await observed()); }
      }
      const rate = (values: number[]) => `${median(values).toFixed(0)} tx/s (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
      return [{
        bench: "stack transactions/s, hub subscribed vs none", ours: rate(ours), baseline: `no hub ${rate(baseline)}`,
        ...roundRatio(ours, baseline), target: "ratio ≥ 0.9",
      }];
    } finally {
      await stack.stop();
    }
  },
};
