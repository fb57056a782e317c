import { createAccessServer } from "@strata/sdk/access";
import type { AccessServer, AccessServerOptions } from "@strata/sdk/access";
import { createDirectBackend } from "./direct-backend.js";

export type DirectaccessServerOptions = Omit<AccessServerOptions, "info" | "backend">;

/** The directaccess reference vendor as a ready access endpoint: a pass-through edge that shapes nothing. */
export function createDirectaccessServer(options: DirectaccessServerOptions): AccessServer {
  return createAccessServer({
    ...options,
    info: { vendor: "Strata reference", product: "strata-access-directaccess", version: "0.1.0" },
    backend: createDirectBackend(),
  });
}
