import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../config.js";
import { absentId, storageOptions, volumeSize } from "./storage-options.js";

const withStorage = (storage: Record<string, string>) => ({ layerParameters: { storage } });

describe("storageOptions()", () => {
  it("should default to 1 MiB volumes on the server's pool with no extra labels", () => {
    expect(storageOptions({ layerParameters: {} })).toEqual({ volumeSizeBytes: 1n << 20n, poolId: "", labels: {} });
  });

  it("should take a vendor's size, pool and labels", () => {
    expect(storageOptions(withStorage({ volume_size_bytes: "4194304", pool_id: "fast", labels: "tier=test,owner=qa=1" })))
      .toEqual({ volumeSizeBytes: 4_194_304n, poolId: "fast", labels: { tier: "test", owner: "qa=1" } });
  });

  it.each([
    ["volume_size_bytes", { volume_size_bytes: "1000" }, "must be a positive multiple of 512 (got \"1000\")"],
    ["volume_size_bytes", { volume_size_bytes: "4 MiB" }, "must be a positive multiple of 512"],
    ["labels", { labels: "tier" }, "must be key=value pairs separated by commas (got \"tier\")"],
    ["size", { size: "1" }, "is not a parameter of storage: one of volume_size_bytes, pool_id, labels"],
  ])("should refuse a bad %s, naming it", (name, given, message) => {
    const error = (() => { try { storageOptions(withStorage(given)); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field: `layerParameters.storage.${name}` });
    expect((error as Error).message).toContain(message);
  });
});

describe("volumeSize()", () => {
  it("should give at least the configured size, and round what a check needs up to 512", () => {
    expect(volumeSize({ layerParameters: {} })).toBe(1n << 20n);
    expect(volumeSize({ layerParameters: {} }, 3_000_001n)).toBe(3_000_320n);
    expect(volumeSize(withStorage({ volume_size_bytes: String(8n << 20n) }), 2n << 20n)).toBe(8n << 20n);
  });
});

describe("absentId()", () => {
  it("should make a new id from the run's template each time", () => {
    const [one, two] = [absentId({ absentIdTemplate: "vol-{hex:4}" }), absentId({ absentIdTemplate: "vol-{hex:4}" })];
    expect(one).toMatch(/^vol-[0-9a-f]{8}$/);
    expect(one).not.toBe(two);
  });
});
