import { assuranceTool } from "../assurance/assurance-tool.js";
import { capacityTool } from "../capacity/capacity-tool.js";
import { chargebackTool } from "../chargeback/chargeback-tool.js";
import { performanceTool } from "../performance/performance-tool.js";
import type { ManagementTool } from "./management-tool.js";

/** The tools `strata manage` serves, one line each: a tool registers itself here. */
export const MANAGEMENT_TOOLS: readonly ManagementTool[] = [
  capacityTool,
  chargebackTool,
  performanceTool,
  assuranceTool,
];
