import type { LayerServer } from "@strata/sdk/server";
import { Option, type VendorCommand } from "@strata/sdk/vendor-cli";
import { hubConnectionOf, hubOptions } from "../hub/hub-options.js";
import { createManagementServer } from "./create-management-server.js";
import type { ManagementTool, RunningTool } from "./management-tool.js";
import { MANAGEMENT_TOOLS } from "./management-tools.js";

const stopAll = async (running: readonly RunningTool[]) => {
  await Promise.allSettled(running.map((tool) => tool.stop()));
};

/**
 * The endpoint `strata manage` runs: the flags every vendor shares
 * (listen, TLS, JWT, --insecure-dev, --data-dir), the hub's, --tools and
 * each tool's own; it starts the tools chosen against the hub and serves
 * them over strata.management.v1, ready (Probe, health) while every tool
 * follows the hub live: NOT_SERVING from the moment the hub restarts or goes
 * away until every tool has caught up with it again. Stopping the endpoint
 * stops the tools.
 *
 * @example
 * await runVendorCli(manageEndpoint(), { argv: ["node", "strata manage", "--hub", hubAddress, "--listen", "127.0.0.1:7200"] });
 */
export function manageEndpoint(tools: readonly ManagementTool[] = MANAGEMENT_TOOLS): VendorCommand {
  const names = tools.map((t) => t.name);
  return {
    name: "strata manage",
    description: `serve the management tools (${names.join(", ")}) over gRPC (strata.management.v1), reading the hub's stream`,
    version: "0.1.0",
    dataDir: "optional",
    options: [
      ...hubOptions(),
      new Option("--hub-insecure-dev", "call the hub with development headers of the operator role (a hub in --insecure-dev), whatever this endpoint's own auth; --insecure-dev implies it without a hub token"),
      new Option("--tools <name...>", "the tools to serve; the others' services answer UNIMPLEMENTED (default: all but those that act on the layers)")
        .choices(names).default(tools.filter((t) => t.byDefault !== false).map((t) => t.name)),
      ...tools.flatMap((t) => t.options?.() ?? []),
    ],
    async create({ auth, dataDir, flags }): Promise<LayerServer> {
      const hub = hubConnectionOf({ ...flags, insecureDev: Boolean(flags.hubInsecureDev) || auth.insecureDevelopmentMode === true });
      const chosen = tools.filter((t) => (flags.tools as string[]).includes(t.name));
      const running: RunningTool[] = [];
      try {
        for (const tool of chosen) running.push(await tool.start({ hub, flags, dataDir }));
      } catch (error) {
        await stopAll(running);
        throw error;
      }
      // Ready while every tool follows the hub live: not before the first sync, and not again after the hub restarts or
      // goes away until each tool has caught up with it, so that what the endpoint serves is never silently stale.
      const probe = () => {
        const behind = chosen.filter((_, i) => !running[i]!.live()).map((t) => t.name);
        return behind.length === 0
          ? { ready: true }
          : { ready: false, reason: `${behind.join(", ")} ${behind.length === 1 ? "does" : "do"} not follow the hub ${hub.address} live (not yet, or reconnecting to it)` };
      };
      const server = createManagementServer({ auth, ...Object.assign({}, ...running.map((r) => r.serves)), probe });
      return {
        ...server,
        async shutdown(graceMs) {
          await server.shutdown(graceMs);
          await stopAll(running);
        },
      };
    },
  };
}
