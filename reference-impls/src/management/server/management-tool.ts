import type { Option } from "commander";
import type { HubConnection } from "../hub/connect-hub.js";
import type { ManagementServerOptions } from "./create-management-server.js";

/** What `strata manage` hands each tool it starts. */
export interface ManagementToolContext {
  /** The hub the tool reads, with the credentials to call it with. */
  hub: HubConnection;
  /** The command's flags (camelCase keys): the tool's own among them. */
  flags: Record<string, unknown>;
  /** --data-dir, where a tool keeps what outlives a restart. */
  dataDir: string | undefined;
}

/** A tool running under `strata manage`. */
export interface RunningTool {
  /** What it gives the management server: the options of its service. */
  serves: Partial<Omit<ManagementServerOptions, "auth" | "probe">>;
  /** Resolves once the tool follows the hub live (the server is ready once every tool is). */
  synced: Promise<void>;
  /** Whether it follows the hub live now: false from the moment its stream of the hub fails (the hub restarted or went away) until it has caught up again. */
  live(): boolean;
  stop(): Promise<void>;
}

/** A management tool `strata manage` can serve over gRPC: its name, its own flags and how to start it. */
export interface ManagementTool {
  /** Its name in --tools ("capacity"). */
  name: string;
  /** Served without being named in --tools (default true); a tool that acts on the layers is false, served only when named. */
  byDefault?: boolean;
  /** Flags of its own besides the common ones. */
  options?: () => Option[];
  start(context: ManagementToolContext): Promise<RunningTool>;
}
