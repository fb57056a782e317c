import { Option } from "commander";
import type { ManagementTool } from "../server/management-tool.js";
import { createCapacity } from "./create-capacity.js";

/** The capacity tool under `strata manage`: CapacityService over the hub's utilization gauges. */
export const capacityTool: ManagementTool = {
  name: "capacity",
  options: () => [new Option("--trend-window-seconds <s>", "capacity: how far back trends are fitted").default("900")],
  async start({ hub, flags }) {
    const text = flags.trendWindowSeconds as string;
    if (!/^[1-9][0-9]*$/.test(text)) throw new Error(`--trend-window-seconds: "${text}" is not a whole number of seconds, at least 1`);
    const capacity = createCapacity({ hub, trendWindowNs: BigInt(text) * 1_000_000_000n });
    return { serves: { capacity }, synced: capacity.synced, live: capacity.live, stop: () => capacity.stop() };
  },
};
