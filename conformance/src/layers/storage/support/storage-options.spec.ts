import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../config.js";
import { storageOptions, volumeSize } from "./storage-options.js";

const withStorage = (storage: Record<string, unknown>) => ({ layerOptions: { storage } });

describe("storageOptions()", () => {
  it("should default to 1 MiB volumes on the server's pool with no extra labels", () => {
    expect(storageOptions({ layerOptions: {} })).toEqual({ volumeSizeBytes: 1n << 20n, poolId: "", labels: {} });
  });

  it("should take a vendor's size, pool and labels, the size as a number, string or bigint", () => {
    for (const size of [4_194_304, "4194304", 4_194_304n]) {
      expect(storageOptions(withStorage({ volumeSizeBytes: size, poolId: "fast", labels: { tier: "test" } })))
        .toEqual({ volumeSizeBytes: 4_194_304n, poolId: "fast", labels: { tier: "test" } });
    }
  });

  it.each([
    ["volumeSizeBytes", { volumeSizeBytes: 1000 }, "must be a positive multiple of 512 (got 1000)"],
    ["volumeSizeBytes", { volumeSizeBytes: -512 }, "must be a positive multiple of 512"],
    ["poolId", { poolId: 7 }, "must be a string"],
    ["labels", { labels: { tier: 1 } }, "must map label keys to string values"],
    ["size", { size: 1 }, "is not a storage setting (known: volumeSizeBytes, poolId, labels)"],
  ])("should refuse a bad %s, naming it", (key, given, message) => {
    const error = (() => { try { storageOptions(withStorage(given)); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field: `layerOptions.storage.${key}` });
    expect((error as Error).message).toContain(message);
  });
});

describe("volumeSize()", () => {
  it("should give at least the configured size, and round what a check needs up to 512", () => {
    expect(volumeSize({ layerOptions: {} })).toBe(1n << 20n);
    expect(volumeSize({ layerOptions: {} }, 3_000_001n)).toBe(3_000_320n);
    expect(volumeSize(withStorage({ volumeSizeBytes: 8n << 20n }), 2n << 20n)).toBe(8n << 20n);
  });
});
