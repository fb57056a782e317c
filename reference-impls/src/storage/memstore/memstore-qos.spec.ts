import { rpc } from "@strata/sdk/contracts";
import { describe, expect, it } from "vitest";
import { MemstoreQos } from "./memstore-qos.js";
import { storage } from "@strata/sdk/storage";
import type { ApplicablePolicies, IoRequest } from "@strata/sdk/storage";

const volume = (volumeId: string): storage.Volume => storage.Volume.fromPartial({ volumeId, workload: { tenantId: "tenant-a", applicationId: "app" } });
const request = (v: storage.Volume, policies: ApplicablePolicies): IoRequest =>
  ({ volume: v, operation: "write", bytes: 4096, policies, signal: new AbortController().signal });
const limit = (target: storage.QosTarget) => storage.QosPolicy.fromPartial({ target, maxIops: 1000n, maxBandwidthBytesPerSecond: 1n << 30n });

describe("MemstoreQos", () => {
  it("should free a deleted volume's buckets at once", async () => {
    const qos = new MemstoreQos();
    const v = volume("vol-1");
    await qos.admit(request(v, { volume: limit({ volumeId: "vol-1" }), tenant: limit({ tenantId: "tenant-a" }) }));
    expect(qos.size).toBe(2);
    qos.forgetVolume("vol-1");
    expect(qos.size).toBe(1);
  });

  it("should free the buckets of policies no longer in force once they have refilled", async () => {
    let nowMs = 1_000_000;
    const qos = new MemstoreQos(() => nowMs);
    const v = volume("vol-2");
    for (let i = 0; i < 10; i++) await qos.admit(request(v, { volume: limit({ volumeId: "vol-2" }), tenant: limit({ tenantId: "tenant-a" }) }));
    expect(qos.size).toBe(2);
    // Both policies deleted: requests go through without them; their buckets idle and refill.
    nowMs += 5_000;
    await qos.admit(request(v, { volume: undefined, tenant: undefined }));
    expect(qos.size).toBe(0);
  });

  it("should keep the bucket of a policy in force across sweeps", async () => {
    let nowMs = 1_000_000;
    const qos = new MemstoreQos(() => nowMs);
    const v = volume("vol-3");
    const policies = { volume: limit({ volumeId: "vol-3" }), tenant: undefined };
    await qos.admit(request(v, policies));
    nowMs += 5_000;
    await qos.admit(request(v, policies));
    expect(qos.size).toBe(1);
  });

  it("should answer CANCELLED, not carry on, when the caller leaves while its request waits", async () => {
    const qos = new MemstoreQos();
    const v = volume("vol-4");
    const policies = { volume: storage.QosPolicy.fromPartial({ target: { volumeId: "vol-4" }, maxIops: 1n }), tenant: undefined };
    await qos.admit(request(v, policies));
    const caller = new AbortController();
    const waiting = qos.admit({ ...request(v, policies), signal: caller.signal });
    setTimeout(() => caller.abort(), 20);
    await expect(waiting).rejects.toMatchObject({ code: rpc.Code.CANCELLED });
  });

  it("should answer CANCELLED at once when the caller left before its request began to wait", async () => {
    const qos = new MemstoreQos();
    const v = volume("vol-5");
    const policies = { volume: storage.QosPolicy.fromPartial({ target: { volumeId: "vol-5" }, maxIops: 1n }), tenant: undefined };
    await qos.admit(request(v, policies));
    const caller = new AbortController();
    caller.abort();
    await expect(qos.admit({ ...request(v, policies), signal: caller.signal })).rejects.toMatchObject({ code: rpc.Code.CANCELLED });
  });
});
