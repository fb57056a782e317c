import type { StackLayer } from "./stack-config.js";

/** The storage system id the fabric's targets name for the stack's storage endpoint. */
export const STACK_STORAGE_SYSTEM = "stack-storage";

/** A flag by which a layer's command is told the endpoint of the layer it calls. */
export interface UpstreamFlag {
  flag: string;
  upstream: StackLayer;
  /** The flag's value for the upstream endpoint's address (default the address). */
  value?(address: string): string;
}

/**
 * Where each layer's calls go, as flags of its command (the wiring
 * device → access → compute → LAN and fabric → storage). A flag the
 * command does not declare in its --help is left out, so a vendor that
 * cannot call a layer yet still starts, unwired.
 */
export const UPSTREAM_FLAGS: Record<StackLayer, readonly UpstreamFlag[]> = {
  storage: [],
  fabric: [{ flag: "--storage-system", upstream: "storage", value: (address) => `${STACK_STORAGE_SYSTEM}=${address}` }],
  network: [],
  compute: [{ flag: "--network-endpoint", upstream: "network" }, { flag: "--fabric-endpoint", upstream: "fabric" }],
  access: [{ flag: "--compute-endpoint", upstream: "compute" }],
  device: [{ flag: "--access-endpoint", upstream: "access" }],
};

/** Flags a layer's command is given when it declares them: the compute vendors offer the reference application's programs. */
export const LAYER_FLAGS: Record<StackLayer, readonly string[]> = {
  storage: [], fabric: [], network: [], compute: ["--reference-programs"], access: [], device: [],
};

/** How a caller authenticates to its upstream endpoints: a token file with the operator role, or development headers. */
export type UpstreamCredentials = { tokenFile: string } | { development: true };

/**
 * The layer's own flags of LAYER_FLAGS, and the flags wiring `layer` to the addresses of the layers it calls, with
 * the credentials flags of each upstream layer its command declares
 * (`--<upstream>-token-file`, `--<upstream>-insecure-operator`, as the
 * fabric's storage flags are named).
 */
export function upstreamArgs(
  layer: StackLayer, addresses: Partial<Record<StackLayer, string>>, declared: ReadonlySet<string>, credentials: UpstreamCredentials,
): { args: string[]; wired: StackLayer[] } {
  const args: string[] = LAYER_FLAGS[layer].filter((flag) => declared.has(flag));
  const wired: StackLayer[] = [];
  for (const { flag, upstream, value } of UPSTREAM_FLAGS[layer]) {
    const address = addresses[upstream];
    if (!declared.has(flag) || address === undefined) continue;
    args.push(flag, value ? value(address) : address);
    wired.push(upstream);
    const tokenFlag = `--${upstream}-token-file`;
    const devFlag = `--${upstream}-insecure-operator`;
    if ("tokenFile" in credentials && declared.has(tokenFlag)) args.push(tokenFlag, credentials.tokenFile);
    if ("development" in credentials && declared.has(devFlag)) args.push(devFlag);
  }
  return { args, wired };
}
