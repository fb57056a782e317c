import { InvalidArgumentError } from "commander";
import { isValidId } from "../../server/id-rules.js";
import { Option, upstreamCredentialsOf, upstreamEndpointOptions, type UpstreamEndpointSpec } from "../../vendor-cli.js";
import type { StorageSystem } from "./storage-forwarder.js";

/** The tenant a fabric calls storage as in development mode, with the operator role. */
export const DEVELOPMENT_STORAGE_CALLER = "strata-fabric";

/** One `--storage-system <system_id>=<address>`. */
function parseSystem(value: string, previous: Array<{ systemId: string; target: string }> = []) {
  const at = value.indexOf("=");
  const systemId = at < 0 ? "" : value.slice(0, at);
  const target = at < 0 ? "" : value.slice(at + 1);
  if (!isValidId(systemId) || target === "") {
    throw new InvalidArgumentError("must be <system_id>=<address>: a system id of [A-Za-z0-9._-] and a storage endpoint (host:port or unix:/path).");
  }
  return [...previous, { systemId, target }];
}

/**
 * The flags every fabric vendor's command offers to bind targets to storage
 * endpoints (docs/fabric.md, Targets): pass `storageSystemsOf(flags)` on as
 * `storageSystems`.
 *
 * @example
 * options: [...storageSystemOptions()],
 * create: ({ flags }) => createAcmeFabricServer({ storageSystems: storageSystemsOf(flags) }),
 */
export function storageSystemOptions(): Option[] {
  return upstreamEndpointOptions(STORAGE_UPSTREAM);
}

/** The storage systems the flags of storageSystemOptions() name, with their credentials. */
export function storageSystemsOf(flags: Record<string, unknown>): StorageSystem[] {
  const systems = (flags.storageSystem ?? []) as Array<{ systemId: string; target: string }>;
  const credentials = upstreamCredentialsOf(flags, STORAGE_UPSTREAM, systems.length > 0);
  return systems.map((s) => ({ ...s, ...credentials }));
}

/** The storage endpoints as an upstream-endpoint option group whose address flag is the repeatable --storage-system. */
const STORAGE_UPSTREAM: UpstreamEndpointSpec = {
  name: "storage",
  what: "the storage endpoints",
  developmentCaller: DEVELOPMENT_STORAGE_CALLER,
  address: () => new Option("--storage-system <system_id=address>", "forward the frames of targets of this storage system to this storage endpoint (repeatable)")
    .argParser(parseSystem),
};
