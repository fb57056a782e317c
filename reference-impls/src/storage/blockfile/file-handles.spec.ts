import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileHandles } from "./file-handles.js";

describe("FileHandles", () => {
  let dir: string;
  const path = (i: number) => join(dir, `f${i}`);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "blockfile-handles-"));
    for (let i = 0; i < 6; i++) await writeFile(path(i), `file ${i}`);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const readAll = (handles: FileHandles, i: number) => handles.use(path(i), async (h) => (await h.readFile("utf8")));

  it("should keep at most its limit of handles open, closing the least recently used", async () => {
    const handles = new FileHandles(2);
    for (let i = 0; i < 6; i++) expect(await readAll(handles, i)).toBe(`file ${i}`);
    expect(handles.size).toBe(2);
    await handles.close();
    expect(handles.size).toBe(0);
  });

  it("should never close a handle in use, and close it once its work is done and it is the least recently used", async () => {
    const handles = new FileHandles(1);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const held = handles.use(path(0), async (h) => {
      await gate;
      return h.readFile("utf8");
    });
    expect(await readAll(handles, 1)).toBe("file 1");
    expect(handles.size).toBe(1); // file 0 stays open, busy; file 1 went
    release();
    expect(await held).toBe("file 0");
    await readAll(handles, 2);
    expect(handles.size).toBe(1);
    await handles.close();
  });

  it("should not keep a failed open, and answer ENOENT for a missing file", async () => {
    const handles = new FileHandles(2);
    await expect(handles.use(join(dir, "missing"), async () => 1)).rejects.toMatchObject({ code: "ENOENT" });
    expect(handles.size).toBe(0);
  });
});
