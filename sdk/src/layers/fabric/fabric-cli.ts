import { readFileSync } from "node:fs";
import { InvalidArgumentError } from "commander";
import type { ClientAuth } from "../../client/connect.js";
import { isValidId } from "../../server/id-rules.js";
import { Option } from "../../vendor-cli.js";
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
  return [
    new Option("--storage-system <system_id=address>", "forward the frames of targets of this storage system to this storage endpoint (repeatable)")
      .argParser(parseSystem),
    new Option("--storage-token-file <file>", "bearer token the fabric calls the storage endpoints with (SHOULD hold the operator role)"),
    new Option("--storage-tls-ca <file>", "CA certificate of the storage endpoints (TLS; plaintext without it)"),
    new Option("--storage-insecure-operator", `development mode only: call the storage endpoints as tenant "${DEVELOPMENT_STORAGE_CALLER}" with the operator role, in strata-tenant headers`),
  ];
}

/** The storage systems the flags of storageSystemOptions() name, with their credentials. */
export function storageSystemsOf(flags: Record<string, unknown>): StorageSystem[] {
  const systems = (flags.storageSystem ?? []) as Array<{ systemId: string; target: string }>;
  const tokenFile = flags.storageTokenFile as string | undefined;
  const insecure = flags.storageInsecureOperator === true;
  if (tokenFile && insecure) throw new Error("give the storage credentials once: --storage-token-file or --storage-insecure-operator");
  if (systems.length === 0 && (tokenFile || insecure || flags.storageTlsCa)) throw new Error("storage credentials given without any --storage-system");
  let auth: ClientAuth | undefined;
  if (insecure) auth = { tenant: DEVELOPMENT_STORAGE_CALLER, roles: ["operator"] };
  if (tokenFile) {
    const token = readFileSync(tokenFile, "utf8").trim();
    if (token === "") throw new Error(`--storage-token-file ${tokenFile} holds an empty token`);
    auth = { token };
  }
  const tls = flags.storageTlsCa ? { caPath: flags.storageTlsCa as string } : undefined;
  return systems.map((s) => ({ ...s, ...(auth ? { auth } : {}), ...(tls ? { tls } : {}) }));
}
