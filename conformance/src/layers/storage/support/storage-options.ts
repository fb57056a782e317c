import { ConfigError, idFromTemplate, type ConformanceConfig } from "../../../config.js";

/**
 * The parameters the storage module reads from config.layerParameters.storage
 * (`--param storage.<name>=<value>`), as csi-sanity's test volume size and
 * parameters: what a vendor needs on every CreateVolume.
 */
export const STORAGE_PARAMETERS = {
  volume_size_bytes: "capacity_bytes of the volumes the checks create, the least they ask for (a multiple of 512; default 1048576)",
  pool_id: "pool_id of every CreateVolume (default empty: the server chooses)",
  labels: "labels added to every CreateVolume, as key=value pairs separated by commas",
} as const;

/** The storage parameters of a run, parsed, defaults filled. */
export interface StorageOptions {
  readonly volumeSizeBytes: bigint;
  readonly poolId: string;
  readonly labels: Readonly<Record<string, string>>;
}

const MiB = 1n << 20n;
const FIELD = "layerParameters.storage";

/**
 * The storage parameters of a run; a ConfigError names a bad one.
 *
 * @example
 * runConformance({ target, credentials, layerParameters: { storage: { volume_size_bytes: "4194304", pool_id: "fast", labels: "tier=test" } } });
 */
export function storageOptions(config: Pick<ConformanceConfig, "layerParameters">): StorageOptions {
  const given = config.layerParameters.storage ?? {};
  const unknown = Object.keys(given).find((name) => !(name in STORAGE_PARAMETERS));
  if (unknown) throw new ConfigError(`${FIELD}.${unknown}`, `is not a parameter of storage: one of ${Object.keys(STORAGE_PARAMETERS).join(", ")}`);
  const size = given.volume_size_bytes ?? String(MiB);
  if (!/^\d+$/.test(size) || BigInt(size) === 0n || BigInt(size) % 512n !== 0n) {
    throw new ConfigError(`${FIELD}.volume_size_bytes`, `must be a positive multiple of 512 (got "${size}")`);
  }
  const labels: Record<string, string> = {};
  for (const pair of (given.labels ?? "").split(",").filter((p) => p !== "")) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new ConfigError(`${FIELD}.labels`, `must be key=value pairs separated by commas (got "${pair}")`);
    labels[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return { volumeSizeBytes: BigInt(size), poolId: given.pool_id ?? "", labels };
}

/** A volume size of at least `atLeast` bytes (rounded up to 512) and at least the configured volume size. */
export function volumeSize(config: Pick<ConformanceConfig, "layerParameters">, atLeast = 0n): bigint {
  const wanted = ((atLeast + 511n) / 512n) * 512n;
  const configured = storageOptions(config).volumeSizeBytes;
  return wanted > configured ? wanted : configured;
}

/** An id no resource has, in the form the run is configured with (config.absentIdTemplate). */
export function absentId(config: Pick<ConformanceConfig, "absentIdTemplate">): string {
  return idFromTemplate(config.absentIdTemplate);
}
