import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { encodeState } from "./catalog-change.js";
import { Provisioning, type Volume } from "./contracts.js";
import { createFileStateStore, createMemoryStateStore } from "./state-store.js";
import { newId } from "../../server/new-id.js";
import { VolumeCatalog } from "./volume-catalog.js";

const volume = (name: string): Volume => ({
  volumeId: newId("vol"), name, workload: { tenantId: "t1", applicationId: "app", component: "" }, capacityBytes: 1n << 20n,
  provisioning: Provisioning.PROVISIONING_THIN, allocatedBytes: 0n, poolId: "pool-0", createTimeUnixNano: 1n, labels: { tier: "gold" },
});

/** Bytes this process has written so far (Linux: wchar of /proc/self/io). */
async function bytesWritten(): Promise<number> {
  return Number((await readFile("/proc/self/io", "utf8")).match(/^wchar: (\d+)/m)![1]);
}

describe("createFileStateStore()", () => {
  let dir: string;
  let path: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "state-store-"));
    path = join(dir, "catalog.json");
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const reload = async () => {
    const catalog = new VolumeCatalog(createFileStateStore(path));
    await catalog.load();
    return catalog;
  };
  const stateOf = (catalog: VolumeCatalog) => encodeState({
    volumes: new Map(catalog.volumes), mappings: new Map(catalog.mappings), policies: new Map(catalog.policies),
  });

  it("should write about one record per change, not the whole catalogue", async () => {
    const catalog = new VolumeCatalog(createFileStateStore(path));
    for (let i = 0; i < 500; i++) await catalog.commit({ putVolume: volume(`v${i}`) });
    const before = await bytesWritten();
    for (let i = 0; i < 50; i++) await catalog.commit({ putVolume: volume(`w${i}`) });
    // A record is a few hundred bytes; the whole catalogue of 500 volumes is about 150 KB.
    expect((await bytesWritten() - before) / 50).toBeLessThan(2048);
  });

  it("should come back after thousands of changes and the compactions among them exactly as it was", async () => {
    const catalog = new VolumeCatalog(createFileStateStore(path));
    const kept: Volume[] = [];
    for (let i = 0; i < 1500; i++) {
      const v = volume(`v${i}`);
      await catalog.commit({ putVolume: v });
      if (i % 3 === 0) await catalog.commit({ removeVolume: v.volumeId });
      else kept.push(v);
      if (i % 100 === 0) {
        await catalog.commit({ putMapping: { mappingId: `map-${i}`, volumeId: v.volumeId, hostId: "h", lun: i, tenantId: "t1" } });
        await catalog.commit({ putPolicy: { target: { volumeId: v.volumeId }, maxIops: BigInt(i + 1), maxBandwidthBytesPerSecond: 0n, reservedIops: 0n, latencyTargetNs: 0n, priority: 0, tenantId: "t1" } });
      }
    }
    await catalog.commit({ putVolume: { ...kept[0]!, capacityBytes: 2n << 20n } });
    const again = await reload();
    expect(stateOf(again)).toBe(stateOf(catalog));
    expect(again.volumes.size).toBe(1000);
    expect(again.byName("t1", kept[0]!.name)!.capacityBytes).toBe(2n << 20n);
    expect(again.volumesOf("t1")).toBe(1000);
  });

  it("should ignore a torn last record, and append cleanly after it", async () => {
    const catalog = new VolumeCatalog(createFileStateStore(path));
    const first = volume("first");
    await catalog.commit({ putVolume: first });
    const journal = join(dir, (await readdir(dir)).find((f) => f.endsWith(".journal"))!);
    // A crash in the middle of writing the next record leaves part of it.
    const [line] = (await readFile(journal, "utf8")).split("\n");
    await appendFile(journal, line!.slice(0, line!.length - 7));
    const restarted = await reload();
    expect([...restarted.volumes.keys()]).toEqual([first.volumeId]);
    const second = volume("second");
    await restarted.commit({ putVolume: second });
    expect([...(await reload()).volumes.keys()]).toEqual([first.volumeId, second.volumeId]);
  });

  it("should refuse to start from a journal damaged before its end", async () => {
    const catalog = new VolumeCatalog(createFileStateStore(path));
    for (const name of ["a", "b", "c"]) await catalog.commit({ putVolume: volume(name) });
    const journal = join(dir, (await readdir(dir)).find((f) => f.endsWith(".journal"))!);
    const lines = (await readFile(journal, "utf8")).split("\n");
    lines[1] = lines[1]!.replace('"name":"b"', '"name":"x"');
    await writeFile(journal, lines.join("\n"));
    await expect(reload()).rejects.toThrow(/record 2 .*damaged/);
  });

  it("should load a catalogue saved whole by an earlier version", async () => {
    const v = volume("old");
    await writeFile(path, encodeState({ volumes: new Map([[v.volumeId, v]]), mappings: new Map(), policies: new Map() }));
    expect([...(await reload()).volumes.keys()]).toEqual([v.volumeId]);
  });
});

describe("createMemoryStateStore()", () => {
  it("should load nothing at first, then the last snapshot and exactly the changes appended after it, in order", async () => {
    const store = createMemoryStateStore();
    expect(await store.load()).toEqual({ snapshot: undefined, changes: [] });
    await store.append("a");
    await store.append("b");
    expect(await store.load()).toEqual({ snapshot: undefined, changes: ["a", "b"] });
    await store.compact("snapshot 1");
    await store.append("c");
    expect(await store.load()).toEqual({ snapshot: "snapshot 1", changes: ["c"] });
  });

  it("should hand out a copy: a loaded state changed by its reader leaves the store as it was", async () => {
    const store = createMemoryStateStore();
    await store.append("a");
    (await store.load()).changes.push("b");
    expect((await store.load()).changes).toEqual(["a"]);
  });

  it("should bring a catalogue back, across its compactions, as a restart in the same process does", async () => {
    const store = createMemoryStateStore();
    const catalog = new VolumeCatalog(store);
    const names = Array.from({ length: 1200 }, (_, i) => `v${i}`); // beyond COMPACT_AFTER (1000)
    for (const name of names) await catalog.commit({ putVolume: volume(name) });
    const again = new VolumeCatalog(store);
    await again.load();
    expect([...again.volumes.values()].map((v) => v.name).sort()).toEqual([...names].sort());
    expect((await store.load()).snapshot).toBeDefined();
  });
});
