import { readFileSync } from "node:fs";
import { Option, type Command } from "commander";
import type { HubConnection } from "./connect-hub.js";

/** The environment variable holding the bearer token a management tool calls the hub with. */
export const HUB_TOKEN_ENV = "STRATA_HUB_TOKEN";

/** The flags naming the hub and the credentials to call it with, but --insecure-dev (which a vendor-style command already has). */
export function hubOptions(): Option[] {
  return [
    new Option("--hub <address>", "the hub's address (host:port or unix:path)").makeOptionMandatory(),
    new Option("--hub-token-file <file>", `file holding the bearer token to call the hub with (or set ${HUB_TOKEN_ENV})`),
    new Option("--hub-ca <file>", "CA certificate of the hub's TLS; plaintext without it"),
  ];
}

/** Adds the flags every management tool takes to reach the hub. */
export function withHubOptions(command: Command): Command {
  for (const option of hubOptions()) command.addOption(option);
  return command.addOption(new Option("--insecure-dev", "call the hub with development headers of the operator role (a hub in --insecure-dev only)"));
}

/** The hub connection the flags describe; secrets come from a file or the environment, never argv. */
export function hubConnectionOf(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): HubConnection {
  const address = flags.hub as string;
  const tls = flags.hubCa ? { tls: { caPath: flags.hubCa as string } } : {};
  if (flags.hubTokenFile) return { address, auth: { token: readFileSync(flags.hubTokenFile as string, "utf8").trim() }, ...tls };
  if (env[HUB_TOKEN_ENV]) return { address, auth: { token: env[HUB_TOKEN_ENV]! }, ...tls };
  if (flags.insecureDev) return { address, auth: { tenant: "strata-management", roles: ["operator"] }, ...tls };
  throw new Error(`no credentials for the hub ${address}: give --hub-token-file, set ${HUB_TOKEN_ENV}, or --insecure-dev for a development hub`);
}
