import { describe, expect, it } from "vitest";
import type { PoolDescription } from "./storage-backend.js";
import { checkStorageConfiguration, MIN_MAX_IO_BYTES, MIN_MAX_PAGE_SIZE } from "./storage-limits.js";

// A configuration refused here never becomes an endpoint, so no conformance check can see this
// rule: these cases are what holds it (mutation testing, round 5).

const atMinimums = { maxIoBytes: MIN_MAX_IO_BYTES, maxPageSize: MIN_MAX_PAGE_SIZE, maxLunsPerHost: 0 };
const pool = (poolId: string, allocationUnitBytes: bigint, maxVolumeBytes?: bigint): PoolDescription =>
  ({ poolId, name: poolId, capacityBytes: 1n << 30n, allocationUnitBytes, ...(maxVolumeBytes === undefined ? {} : { maxVolumeBytes }), devices: [] });
const problemsOf = (limits: Partial<typeof atMinimums>, pools: PoolDescription[] = []) => {
  try {
    checkStorageConfiguration({ ...atMinimums, ...limits }, pools);
    return "accepted";
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
};

describe("checkStorageConfiguration()", () => {
  it("should take the storage minimums exactly: 64 KiB per call and pages of 100", () => {
    expect([MIN_MAX_IO_BYTES, MIN_MAX_PAGE_SIZE]).toEqual([65_536, 100]);
    expect(problemsOf({})).toBe("accepted");
  });

  it("should refuse a max_io_bytes or max_page_size one below its minimum, naming the limit and the minimum", () => {
    expect(problemsOf({ maxIoBytes: 65_535 })).toBe("createStorageServer: limits.maxIoBytes 65535 is below the storage minimum: at least 65536");
    expect(problemsOf({ maxPageSize: 99 })).toBe("createStorageServer: limits.maxPageSize 99 is below the storage minimum: at least 100");
  });

  it("should take max_luns_per_host from 0 (no limit) to 2^32 − 1 and refuse anything else", () => {
    for (const maxLunsPerHost of [0, 1, 0xffff_ffff]) expect(problemsOf({ maxLunsPerHost }), String(maxLunsPerHost)).toBe("accepted");
    for (const maxLunsPerHost of [-1, 1.5, 0x1_0000_0000, Number.NaN]) {
      expect(problemsOf({ maxLunsPerHost }), String(maxLunsPerHost))
        .toBe(`createStorageServer: limits.maxLunsPerHost ${maxLunsPerHost} must be a whole number from 0 (no limit) to 2^32 − 1`);
    }
  });

  it("should take an allocation unit that is a power of two from 512, and refuse any other, naming the pool", () => {
    for (const unit of [512n, 4096n, 1n << 40n]) expect(problemsOf({}, [pool("p", unit)]), String(unit)).toBe("accepted");
    for (const unit of [0n, 256n, 768n, 511n, 1000n]) {
      expect(problemsOf({}, [pool("p", unit)]), String(unit)).toBe(`createStorageServer: pool "p": allocationUnitBytes ${unit} must be a power of two, at least 512`);
    }
  });

  it("should take no largest volume or a positive multiple of 512, and refuse any other, naming the pool", () => {
    for (const max of [undefined, 512n, 1n << 62n]) expect(problemsOf({}, [pool("p", 512n, max)]), String(max)).toBe("accepted");
    for (const max of [0n, 511n, 513n, 1000n]) {
      expect(problemsOf({}, [pool("p", 512n, max)]), String(max)).toBe(`createStorageServer: pool "p": maxVolumeBytes ${max} must be a positive multiple of 512`);
    }
  });

  it("should name every problem at once, of every pool", () => {
    expect(problemsOf({ maxIoBytes: 1, maxLunsPerHost: -1 }, [pool("ok", 4096n), pool("bad", 100n, 100n)])).toBe("createStorageServer: "
      + "limits.maxIoBytes 1 is below the storage minimum: at least 65536; "
      + "limits.maxLunsPerHost -1 must be a whole number from 0 (no limit) to 2^32 − 1; "
      + "pool \"bad\": allocationUnitBytes 100 must be a power of two, at least 512; "
      + "pool \"bad\": maxVolumeBytes 100 must be a positive multiple of 512");
  });
});
