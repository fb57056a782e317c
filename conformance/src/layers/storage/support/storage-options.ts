import { ConfigError, type ConformanceConfig } from "../../../config.js";

/**
 * The storage module's settings (config.layerOptions.storage), as csi-sanity's
 * test volume size and parameters: what a vendor needs on every CreateVolume.
 *
 * @example
 * runConformance({ target, credentials, layerOptions: { storage: { volumeSizeBytes: 4n << 20n, poolId: "fast", labels: { tier: "test" } } } });
 */
export interface StorageOptions {
  /** capacity_bytes of the volumes the checks create, the least they ask for (default 1 MiB); a multiple of 512. */
  readonly volumeSizeBytes: bigint;
  /** pool_id of every CreateVolume (default "": the server chooses). */
  readonly poolId: string;
  /** Labels every CreateVolume carries besides the check's own. */
  readonly labels: Readonly<Record<string, string>>;
}

const MiB = 1n << 20n;
const KEYS = ["volumeSizeBytes", "poolId", "labels"];

/** The storage settings of a run, defaults filled; a ConfigError names a bad key. */
export function storageOptions(config: Pick<ConformanceConfig, "layerOptions">): StorageOptions {
  const given = config.layerOptions.storage ?? {};
  const field = (key: string) => `layerOptions.storage.${key}`;
  const unknown = Object.keys(given).filter((key) => !KEYS.includes(key));
  if (unknown.length > 0) throw new ConfigError(field(unknown[0]!), `is not a storage setting (known: ${KEYS.join(", ")})`);
  const size = given.volumeSizeBytes ?? MiB;
  if (!["bigint", "number", "string"].includes(typeof size) || !/^\d+$/.test(String(size)) || BigInt(size as string) <= 0n || BigInt(size as string) % 512n !== 0n) {
    throw new ConfigError(field("volumeSizeBytes"), `must be a positive multiple of 512 (got ${String(size)})`);
  }
  const poolId = given.poolId ?? "";
  if (typeof poolId !== "string") throw new ConfigError(field("poolId"), "must be a string");
  const labels = given.labels ?? {};
  if (typeof labels !== "object" || labels === null || Object.values(labels).some((v) => typeof v !== "string")) {
    throw new ConfigError(field("labels"), "must map label keys to string values");
  }
  return { volumeSizeBytes: BigInt(size as string), poolId, labels: labels as Record<string, string> };
}

/** A volume size of at least `atLeast` bytes (rounded up to 512) and at least the configured volume size. */
export function volumeSize(config: Pick<ConformanceConfig, "layerOptions">, atLeast = 0n): bigint {
  const wanted = ((atLeast + 511n) / 512n) * 512n;
  const configured = storageOptions(config).volumeSizeBytes;
  return wanted > configured ? wanted : configured;
}
