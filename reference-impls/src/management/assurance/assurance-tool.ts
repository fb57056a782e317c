import { Option } from "commander";
import type { ManagementTool } from "../server/management-tool.js";
import { createAssurance } from "./create-assurance.js";
import { readSlaFile } from "./sla-file.js";

/**
 * The assurance tool under `strata manage`: AssuranceService, and the
 * controller keeping its SLAs through the layers the hub lists. It acts on
 * the layers, so it runs only when named in --tools.
 */
export const assuranceTool: ManagementTool = {
  name: "assurance",
  byDefault: false,
  options: () => [new Option("--slas <file>", "assurance: the SLAs to start with, a YAML or JSON file (docs/assurance.md); more are set through AssuranceService")],
  async start({ hub, flags }) {
    const assurance = await createAssurance({ hub, slas: flags.slas ? readSlaFile(flags.slas as string) : [] });
    return { serves: { assurance: { slas: assurance.slas, actions: assurance.actions } }, synced: assurance.synced, live: assurance.live, stop: () => assurance.stop() };
  },
};
