import { EventEmitter } from "node:events";
import { runVendorCli, type RunningVendor } from "@strata/sdk/vendor-cli";
import type { RunningStack } from "../../stack/launch-stack.js";
import { manageEndpoint } from "./manage-endpoint.js";

/**
 * The command line and environment of `strata manage` against a launched
 * stack's hub: the tools call the hub as the stack's operator (its token
 * file, or development headers in a dev stack) and authenticate their own
 * callers as every endpoint of the stack does.
 */
export function manageArgsFor(stack: Pick<RunningStack, "hubAddress" | "credentials">, listen: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const upstream = stack.credentials.upstream;
  const hubCredentials = "tokenFile" in upstream ? ["--hub-token-file", upstream.tokenFile] : ["--hub-insecure-dev"];
  return { args: ["--listen", listen, "--hub", stack.hubAddress, ...hubCredentials, ...stack.credentials.vendorArgs], env: stack.credentials.vendorEnv };
}

/**
 * Starts `strata manage` in this process against a launched stack (as
 * `strata stack up --manage` does), with the stack's credentials; `extra`
 * adds flags (`--period-seconds 1`). Stop it before the stack.
 */
export async function manageStack(stack: Pick<RunningStack, "hubAddress" | "credentials">, listen = "127.0.0.1:0", extra: readonly string[] = []): Promise<RunningVendor> {
  const { args, env } = manageArgsFor(stack, listen);
  const errors: string[] = [];
  const running = await runVendorCli(manageEndpoint(), {
    argv: ["node", "strata manage", ...args, ...extra], env,
    out: () => {}, err: (line) => errors.push(line), exit: () => {}, signals: new EventEmitter(),
  });
  if (!running) throw new Error(`strata manage did not start: ${errors.join("; ")}`);
  return running;
}
