import type { Option } from "commander";
import type { AuthOptions, LayerServer } from "../server/create-layer-server.js";

/** What the command line gives a vendor's factory. */
export interface VendorOptions {
  auth: AuthOptions;
  /** --sample-interval-ms, when given. */
  sampleIntervalMs: number | undefined;
  /** --data-dir, when the command has one. */
  dataDir: string | undefined;
  /** The vendor's own flags, as commander parsed them (camelCase keys). */
  flags: Record<string, unknown>;
}

/** A vendor's command: its name and help, its own flags, and how to make its server. */
export interface VendorCommand {
  /** The command's name, for example "acme-widgets". */
  name: string;
  description: string;
  /** Printed by --version when given. */
  version?: string;
  /** Offer --data-dir: "required" makes it mandatory. */
  dataDir?: "required" | "optional";
  /** Flags of this vendor besides the common ones (commander Options). */
  options?: Option[];
  /** Makes the endpoint (not yet listening). */
  create(options: VendorOptions): Promise<LayerServer>;
}
