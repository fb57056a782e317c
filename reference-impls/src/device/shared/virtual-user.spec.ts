import { describe, expect, it } from "vitest";
import { VirtualUser } from "./virtual-user.js";

const never = new AbortController().signal;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("VirtualUser", () => {
  it("should run one transaction at a time, in the order they came", async () => {
    const user = new VirtualUser();
    const order: string[] = [];
    let finishFirst!: () => void;
    const first = user.run(() => new Promise<void>((resolve) => { order.push("first starts"); finishFirst = resolve; }), never);
    const second = user.run(async () => { order.push("second starts"); }, never);
    await tick();
    expect(order).toEqual(["first starts"]);
    finishFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(["first starts", "second starts"]);
  });

  it("should answer a transaction given up while it waits CANCELLED, and let the next one go on", async () => {
    const user = new VirtualUser();
    let finishFirst!: () => void;
    const first = user.run(() => new Promise<void>((resolve) => { finishFirst = resolve; }), never);
    const leaving = new AbortController();
    const given = user.run(async () => "ran", leaving.signal);
    const third = user.run(async () => "third", never);
    leaving.abort();
    await expect(given).rejects.toMatchObject({ code: 1 });
    finishFirst();
    await first;
    expect(await third).toBe("third");
  });

  it("should keep going after a transaction fails", async () => {
    const user = new VirtualUser();
    await expect(user.run(async () => { throw new Error("boom"); }, never)).rejects.toThrow("boom");
    expect(await user.run(async () => 7, never)).toBe(7);
  });
});
