import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HubServer } from "../hub/index.js";
import { REFERENCE_VENDORS } from "../reference-vendors.js";
import { createStackHub } from "./create-stack-hub.js";
import { freeAddress } from "./free-address.js";
import { upstreamArgs } from "./layer-wiring.js";
import { createStackCredentials, type StackCredentials } from "./stack-credentials.js";
import { STACK_LAYERS, type StackConfig, type StackLayer } from "./stack-config.js";
import { startVendorProcess, type VendorProcess } from "./vendor-process.js";

/** One layer's vendor, running. */
export interface StackEndpoint {
  readonly layer: StackLayer;
  readonly vendor: string;
  readonly address: string;
  /** The layers its command was given the endpoint of. */
  readonly wired: readonly StackLayer[];
  process: VendorProcess;
}

/** A running stack: six vendor processes, wired bottom-up, and the hub subscribed to all six. */
export interface RunningStack {
  readonly config: StackConfig;
  readonly credentials: StackCredentials;
  readonly endpoints: Record<StackLayer, StackEndpoint>;
  readonly hub: HubServer;
  readonly hubAddress: string;
  /** Vendors that exited without being asked to, with how. */
  readonly deaths: string[];
  /** Stops a layer's vendor and starts it again on the same address (a new telemetry log); `whileDown` runs in between. */
  restart(layer: StackLayer, whileDown?: () => Promise<void>): Promise<void>;
  /** Stops the hub, then the vendors top-down, and removes their scratch directories. */
  stop(): Promise<void>;
}

export interface LaunchOptions {
  /** Called when a vendor exits without being asked to (default: nothing; `deaths` keeps it). */
  onDeath?(message: string): void;
  /** Reconnection delays of the hub's subscriptions (default the hub's). */
  hubBackoff?: { initialMs: number; maxMs: number };
}

/**
 * Starts the stack of `config`: each layer's vendor as a child process with
 * its own endpoint (all six at once, each told the addresses of the layers
 * it calls and the credentials to call them with), then the hub in this process,
 * subscribed to all six with the operator's credentials. Nothing is wired
 * but through the vendors' own flags and standard clients.
 */
export async function launchStack(config: StackConfig, options: LaunchOptions = {}): Promise<RunningStack> {
  const credentials = await createStackCredentials(config.auth);
  const scratch = mkdtempSync(join(tmpdir(), "strata-stack-data-"));
  const endpoints = {} as Record<StackLayer, StackEndpoint>;
  const deaths: string[] = [];
  let hub: HubServer | undefined;
  let stopping = false;

  const vendorOf = (layer: StackLayer) => REFERENCE_VENDORS.find((v) => v.layer === layer && v.name === config.layers[layer])!;
  // Every address is known before any vendor starts, so that all six start at once (a client dials its upstream on first use).
  const free = await Promise.all(STACK_LAYERS.map(() => freeAddress()));
  const addresses = Object.fromEntries(STACK_LAYERS.map((layer, i) => [layer, free[i]!])) as Record<StackLayer, string>;

  const watch = (endpoint: StackEndpoint) => {
    const child = endpoint.process;
    void child.exited.then((how) => {
      if (stopping || child.stopping) return;
      const message = `${endpoint.layer} (${endpoint.vendor}) at ${endpoint.address} died (${how})${child.stderrTail() ? `:\n${child.stderrTail()}` : ""}`;
      deaths.push(message);
      options.onDeath?.(message);
    });
  };
  const start = async (layer: StackLayer, listen: string) => {
    const vendor = vendorOf(layer);
    const dataDir = join(scratch, layer);
    const wiring = upstreamArgs(layer, addresses, credentials.upstream);
    const child = await startVendorProcess({
      label: `${layer} (${vendor.name})`, folder: `${layer}/${vendor.name}`, env: credentials.vendorEnv,
      args: ["--listen", listen, "--sample-interval-ms", String(config.sampleIntervalMs), ...credentials.vendorArgs, ...vendor.args(dataDir), ...wiring.args],
    });
    const endpoint: StackEndpoint = { layer, vendor: vendor.name, address: child.address, wired: wiring.wired, process: child };
    watch(endpoint);
    return endpoint;
  };

  const stop = async () => {
    stopping = true;
    await hub?.shutdown(500);
    for (const layer of [...STACK_LAYERS].reverse()) await endpoints[layer]?.process.stop(2000);
    rmSync(scratch, { recursive: true, force: true });
    credentials.dispose();
  };

  try {
    const started = await Promise.allSettled(STACK_LAYERS.map((layer) => start(layer, addresses[layer])));
    for (const [i, layer] of STACK_LAYERS.entries()) {
      const outcome = started[i]!;
      if (outcome.status === "fulfilled") endpoints[layer] = outcome.value;
    }
    const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) throw failed.reason;
    hub = createStackHub(config, addresses, credentials, options.hubBackoff);
    const hubAddress = await hub.listen(config.hubListen);
    const running: RunningStack = {
      config, credentials, endpoints, hub, hubAddress, deaths, stop,
      async restart(layer, whileDown = async () => {}) {
        const before = endpoints[layer];
        await before.process.stop(2000);
        await whileDown();
        endpoints[layer] = await start(layer, before.address);
      },
    };
    return running;
  } catch (error) {
    await stop();
    throw error;
  }
}
