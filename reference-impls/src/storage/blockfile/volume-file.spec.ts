import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VolumeFile } from "./volume-file.js";

const pattern = (length: number, seed: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 131 + seed) & 0xff));

describe("VolumeFile", () => {
  let dir: string;
  let file: VolumeFile;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "blockfile-volume-"));
    file = await VolumeFile.open("vol-1", join(dir, "vol-1.img"), 1n << 20n, { mode: "new", blockSize: 4096 });
  });
  afterEach(async () => {
    await file.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("should create a sparse file of the capacity that reads as zeros", async () => {
    expect((await stat(join(dir, "vol-1.img"))).size).toBe(1 << 20);
    expect(file.allocatedBytes).toBe(0n);
    expect(await file.read(12_345, 1000)).toEqual(Buffer.alloc(1000));
  });

  it("should read back writes at unaligned offsets and the last bytes", async () => {
    const data = pattern(10_001, 7);
    await file.write(4093, data, false);
    expect(await file.read(4093, data.length)).toEqual(data);
    await file.write((1 << 20) - 5, pattern(5, 1), true);
    expect(await file.read((1 << 20) - 6, 6)).toEqual(Buffer.concat([Buffer.alloc(1), pattern(5, 1)]));
  });

  it("should count the real blocks a write allocates once refreshed", async () => {
    expect(file.newBytesFor(100, 5000)).toBe(8192n);
    await file.write(100, pattern(5000, 3), false);
    expect(await file.refresh()).toBe(8192n);
    expect(file.allocatedBytes).toBe(8192n);
    expect(file.newBytesFor(0, 8192)).toBe(0n);
  });

  it("should grow with holes and keep its data", async () => {
    await file.write(0, pattern(100, 9), false);
    await file.resize(2n << 20n);
    expect((await stat(join(dir, "vol-1.img"))).size).toBe(2 << 20);
    expect(await file.read(0, 100)).toEqual(pattern(100, 9));
    expect(await file.read((2 << 20) - 10, 10)).toEqual(Buffer.alloc(10));
  });

  it("should start a new file empty over an old one, and adopt one with its data", async () => {
    await file.write(0, pattern(10, 1), false);
    const adopted = await VolumeFile.open("vol-1", join(dir, "vol-1.img"), 1n << 20n, { mode: "adopt", blockSize: 4096 });
    expect(await adopted.read(0, 10)).toEqual(pattern(10, 1));
    await adopted.close();
    const fresh = await VolumeFile.open("vol-1", join(dir, "vol-1.img"), 1n << 20n, { mode: "new", blockSize: 4096 });
    expect(await fresh.read(0, 10)).toEqual(Buffer.alloc(10));
    await fresh.close();
    await expect(VolumeFile.open("vol-2", join(dir, "vol-2.img"), 1n << 20n, { mode: "existing", blockSize: 4096 }))
      .rejects.toMatchObject({ code: "ENOENT" });
  });

  it("should refuse I/O once closed, with NOT_FOUND naming the volume", async () => {
    await file.close();
    await expect(file.read(0, 1)).rejects.toMatchObject({ message: 'volume "vol-1" not found' });
  });
});
