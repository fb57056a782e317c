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
 * device → access → compute → LAN and fabric → storage), as every
 * reference vendor's command declares them (@strata/sdk/vendor-cli's
 * upstream-endpoint option group).
 */
export const UPSTREAM_FLAGS: Record<StackLayer, readonly UpstreamFlag[]> = {
  storage: [],
  fabric: [{ flag: "--storage-system", upstream: "storage", value: (address) => `${STACK_STORAGE_SYSTEM}=${address}` }],
  network: [],
  compute: [{ flag: "--network-endpoint", upstream: "network" }, { flag: "--fabric-endpoint", upstream: "fabric" }],
  access: [{ flag: "--compute-endpoint", upstream: "compute" }],
  device: [{ flag: "--access-endpoint", upstream: "access" }],
};

/** Flags a layer's command is given besides its wiring: the compute vendors offer the reference application's programs. */
export const LAYER_FLAGS: Record<StackLayer, readonly string[]> = {
  storage: [], fabric: [], network: [], compute: ["--reference-programs"], access: [], device: [],
};

/** How a caller authenticates to its upstream endpoints: a token file with the operator role, or development headers. */
export type UpstreamCredentials = { tokenFile: string } | { development: true };

/**
 * The layer's own flags of LAYER_FLAGS, and the flags wiring `layer` to
 * the addresses of the layers it calls, each with its credentials flag
 * (`--<upstream>-token-file` or `--<upstream>-insecure-operator`).
 */
export function upstreamArgs(
  layer: StackLayer, addresses: Partial<Record<StackLayer, string>>, credentials: UpstreamCredentials,
): { args: string[]; wired: StackLayer[] } {
  const args: string[] = [...LAYER_FLAGS[layer]];
  const wired: StackLayer[] = [];
  for (const { flag, upstream, value } of UPSTREAM_FLAGS[layer]) {
    const address = addresses[upstream];
    if (address === undefined) continue;
    args.push(flag, value ? value(address) : address);
    wired.push(upstream);
    if ("tokenFile" in credentials) args.push(`--${upstream}-token-file`, credentials.tokenFile);
    else args.push(`--${upstream}-insecure-operator`);
  }
  return { args, wired };
}
