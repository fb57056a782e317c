import { describe, expect, it } from "vitest";
import { StrataError } from "../../errors/strata-error.js";
import { answerEcho } from "./echo-application.js";

const never = new AbortController().signal;

describe("answerEcho()", () => {
  it("should answer a copy of the payload, not before the delay asked for", async () => {
    const payload = Buffer.from("checkout");
    const started = process.hrtime.bigint();
    const answer = await answerEcho(payload, { delayNs: 20_000_000, fail: false }, never);
    expect(process.hrtime.bigint() - started).toBeGreaterThanOrEqual(20_000_000n);
    expect(answer).toEqual(payload);
    expect(answer).not.toBe(payload);
  });

  it("should fail the transaction UNAVAILABLE when asked to, after the delay", async () => {
    const started = process.hrtime.bigint();
    const error = await answerEcho(Buffer.alloc(3), { delayNs: 5_000_000, fail: true }, never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrataError);
    expect((error as StrataError).code).toBe(14);
    expect(process.hrtime.bigint() - started).toBeGreaterThanOrEqual(5_000_000n);
  });

  it("should end CANCELLED when its caller gives up while it holds the transaction", async () => {
    const gaveUp = new AbortController();
    setTimeout(() => gaveUp.abort(), 5).unref();
    const error = await answerEcho(Buffer.alloc(1), { delayNs: 900_000_000, fail: false }, gaveUp.signal).catch((e: unknown) => e);
    expect((error as StrataError).code).toBe(1);
  });
});
