import type { ManagementTool } from "../server/management-tool.js";
import { createPerformance } from "./create-performance.js";

/** The performance tool under `strata manage`: PerformanceService over the hub's derived latency samples. */
export const performanceTool: ManagementTool = {
  name: "performance",
  async start({ hub }) {
    const performance = createPerformance({ hub });
    return { serves: { performance: performance.tracker }, synced: performance.synced, live: performance.live, stop: () => performance.stop() };
  },
};
