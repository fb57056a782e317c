import { afterAll, describe, expect, it } from "vitest";
import { device, type RoutedTransaction } from "@strata/sdk/device";
import { createTcpEchoRoute } from "./tcp-echo-route.js";

const route = createTcpEchoRoute();
const never = new AbortController().signal;
const transaction = (payload: Buffer, echo = { delayNs: 0, fail: false }, signal = never): RoutedTransaction => ({
  device: device.Device.fromPartial({ deviceId: "dev-1" }), transactionName: "t", payload, echo, signal,
  context: { span: undefined as never, applicationId: undefined, dataPath: undefined },
});

describe("createTcpEchoRoute()", () => {
  afterAll(() => route.close?.());

  it("should carry the payload to the echo application over a connection and bring it back, large or empty", async () => {
    expect(route.route).toBe(device.TransactionRoute.TRANSACTION_ROUTE_ECHO);
    const big = Buffer.alloc(200_000, 7);
    expect(await route.exchange(transaction(big))).toEqual(big);
    expect(await route.exchange(transaction(Buffer.alloc(0)))).toEqual(Buffer.alloc(0));
  });

  it("should answer after the application's delay, and fail UNAVAILABLE when the application fails", async () => {
    const started = process.hrtime.bigint();
    await route.exchange(transaction(Buffer.from("x"), { delayNs: 15_000_000, fail: false }));
    expect(process.hrtime.bigint() - started).toBeGreaterThanOrEqual(15_000_000n);
    await expect(route.exchange(transaction(Buffer.from("x"), { delayNs: 0, fail: true }))).rejects.toMatchObject({ code: 14 });
  });

  it("should end CANCELLED when the transaction is given up while the application holds it", async () => {
    const gaveUp = new AbortController();
    setTimeout(() => gaveUp.abort(), 10).unref();
    await expect(route.exchange(transaction(Buffer.from("x"), { delayNs: 900_000_000, fail: false }, gaveUp.signal))).rejects.toMatchObject({ code: 1 });
  });
});
