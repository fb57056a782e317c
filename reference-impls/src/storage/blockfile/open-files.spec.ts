import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type StrataClients, type StrataError } from "@strata/sdk/client";
import { rpc } from "@strata/sdk/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { createVolume, pattern, removeDataDir } from "./fixtures/start-blockfile.js";
import { spawnBlockfile } from "./fixtures/spawn-blockfile.js";
import { STORAGE_SERVICES } from "@strata/sdk/storage";

/** Fewer open files than the test's volumes: every volume cannot hold a file open. */
const OPEN_FILES = 128;
const VOLUMES = 160;

describe("the blockfile command under a low open-file limit", () => {
  let dataDir: string;
  afterAll(() => removeDataDir(dataDir));

  it("should serve, refuse past its volume limit and restart with more volumes than it may open files", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "blockfile-fds-"));
    const args = ["--max-volumes-per-tenant", String(VOLUMES)];
    const clientsOf = (address: string) => ({
      a: connect(address, { services: STORAGE_SERVICES, auth: { tenant: "tenant-a" } }),
      b: connect(address, { services: STORAGE_SERVICES, auth: { tenant: "tenant-b" } }),
    });
    const readAll = async (a: StrataClients<typeof STORAGE_SERVICES>, ids: string[]) => {
      for (const [i, volumeId] of ids.entries()) {
        expect((await a.block.read({ volumeId, offsetBytes: BigInt(i), lengthBytes: 64n })).data, volumeId).toEqual(pattern(64, i));
      }
    };

    const first = await spawnBlockfile(dataDir, OPEN_FILES, args);
    const ids: string[] = [];
    try {
      const { a, b } = clientsOf(first.address);
      for (let i = 0; i < VOLUMES; i++) {
        const { volumeId } = await createVolume(a, `v${i}`, { capacityBytes: 1n << 20n });
        await a.block.write({ volumeId, offsetBytes: BigInt(i), data: pattern(64, i), durable: i % 2 === 0 });
        ids.push(volumeId);
      }
      const refused = await createVolume(a, "one-too-many").catch((e: StrataError) => e);
      expect(refused).toMatchObject({ code: rpc.Code.RESOURCE_EXHAUSTED, reasonName: "ERROR_REASON_CAPACITY_EXHAUSTED", retryDelayMs: undefined });
      expect((refused as StrataError).message).toContain("max_resources_per_tenant");
      // Another tenant is not held back by tenant A's volumes.
      await createVolume(b, "b-own");
      await readAll(a, ids);
      a.close();
      b.close();
    } finally {
      await first.stop();
    }
    expect(first.stderr()).not.toMatch(/EMFILE|internal error/);

    const second = await spawnBlockfile(dataDir, OPEN_FILES, args);
    try {
      const { a, b } = clientsOf(second.address);
      await readAll(a, ids);
      expect((await b.volumes.listVolumes({ page: undefined, applicationId: "" })).volumes.map((v) => v.name)).toEqual(["b-own"]);
      a.close();
      b.close();
    } finally {
      await second.stop();
    }
    expect(second.stderr()).not.toMatch(/EMFILE|internal error/);
  }, 120_000);
});
