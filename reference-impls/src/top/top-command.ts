import { Command, InvalidArgumentError } from "commander";
import { readFileSync } from "node:fs";
import type { ClientAuth } from "@strata/sdk/client";
import { runTop } from "./run-top.js";

/** The environment variable holding the bearer token, when no --token-file is given. */
export const TOKEN_ENV = "STRATA_TOKEN";

interface TopFlags {
  hub: string;
  tokenFile?: string;
  insecureTenant?: string;
  insecureRoles?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsServerName?: string;
  window: number;
}

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("must be a whole number ≥ 1");
  return n;
};

/** The caller's credentials from the flags: a token file, STRATA_TOKEN, or development-mode headers; secrets never on the command line. */
export function authFromFlags(flags: Pick<TopFlags, "tokenFile" | "insecureTenant" | "insecureRoles">, env: NodeJS.ProcessEnv = process.env): ClientAuth {
  if (flags.tokenFile) return { token: readFileSync(flags.tokenFile, "utf8").trim() };
  if (flags.insecureTenant) return { tenant: flags.insecureTenant, roles: (flags.insecureRoles ?? "").split(",").filter(Boolean) };
  const token = env[TOKEN_ENV]?.trim();
  if (token) return { token };
  throw new InvalidArgumentError(`give credentials: --token-file <file>, ${TOKEN_ENV}, or --insecure-tenant <tenant> for a hub in development mode`);
}

/**
 * `strata top`: a live terminal view of a hub (docs/top.md). Until Ctrl-C.
 *
 * @example
 * strata top --hub 127.0.0.1:7100 --token-file ops.jwt
 */
export function topCommand(): Command {
  return new Command("top")
    .description("a live view of a hub: applications by tenant, end-to-end p99 and its split by layer, complete and incomplete transactions")
    .requiredOption("--hub <address>", "the hub: host:port or unix:/path")
    .option("--token-file <file>", `file holding the bearer token (or set ${TOKEN_ENV})`)
    .option("--insecure-tenant <tenant>", "development mode: the tenant sent as strata-tenant")
    .option("--insecure-roles <roles>", "development mode: roles sent as strata-roles (operator: every tenant)")
    .option("--tls-ca <file>", "CA bundle of the hub's certificate (TLS; plaintext without any --tls-*)")
    .option("--tls-cert <file>", "client certificate, for mTLS")
    .option("--tls-key <file>", "client key, for mTLS")
    .option("--tls-server-name <name>", "expected server name when it is not the hub's host")
    .option("--window <seconds>", "latencies over this many seconds", positive, 60)
    .action(async function (this: Command, flags: TopFlags) {
      let auth: ClientAuth;
      try {
        auth = authFromFlags(flags);
      } catch (error) {
        return this.error(`strata top: ${(error as Error).message}`, { exitCode: 2 });
      }
      const controller = new AbortController();
      process.once("SIGINT", () => controller.abort());
      const tls = flags.tlsCa || flags.tlsCert ? {
        ...(flags.tlsCa ? { caPath: flags.tlsCa } : {}), ...(flags.tlsCert ? { certPath: flags.tlsCert } : {}),
        ...(flags.tlsKey ? { keyPath: flags.tlsKey } : {}), ...(flags.tlsServerName ? { serverNameOverride: flags.tlsServerName } : {}),
      } : undefined;
      try {
        await runTop({ hub: flags.hub, auth, ...(tls ? { tls } : {}), windowSeconds: flags.window, signal: controller.signal });
      } catch (error) {
        this.error(`strata top: the hub ${flags.hub} answered ${(error as Error).message}`, { exitCode: 1 });
      }
    });
}
