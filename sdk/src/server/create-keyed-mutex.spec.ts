import { describe, expect, it } from "vitest";
import { createKeyedMutex } from "./create-keyed-mutex.js";

describe("createKeyedMutex()", () => {
  it("should run work of one key in turn and work of other keys alongside, failures included", async () => {
    const serial = createKeyedMutex();
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const first = serial("a", async () => { order.push("a1 start"); await held; order.push("a1 end"); throw new Error("a1 failed"); });
    const second = serial("a", async () => { order.push("a2"); return 2; });
    const other = serial("b", async () => { order.push("b1"); return 1; });
    expect(await other).toBe(1);
    expect(order).toEqual(["a1 start", "b1"]);
    release();
    await expect(first).rejects.toThrow("a1 failed");
    expect(await second).toBe(2);
    expect(order).toEqual(["a1 start", "b1", "a1 end", "a2"]);
  });
});
