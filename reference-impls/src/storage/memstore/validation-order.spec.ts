import { status } from "@grpc/grpc-js";
import { connect, type StrataClients, type StrataError } from "@strata/sdk/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemstoreServer } from "./create-memstore-server.js";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";
import type { StorageServer } from "@strata/sdk/storage";

const fail = (call: Promise<unknown>) => call.then(() => undefined, (e: StrataError) => e);
/** The code and the fields a refusal names, in order. */
const refusal = async (call: Promise<unknown>) => {
  const error = await fail(call);
  return { code: error?.code, fields: error?.fieldViolations.map((v) => v.field) };
};
const policy = (target: storage.QosTarget, fields: Partial<storage.QosPolicy> = {}) => ({ policy: storage.QosPolicy.fromPartial({ ...fields, target }) });

/** docs/storage.md "Validation order": the request's own fields first, all at once; then tenant, capability, existence, state, exhaustion. */
describe("createMemstoreServer() validation order", () => {
  let server: StorageServer;
  let client: StrataClients<typeof STORAGE_SERVICES>;

  beforeAll(async () => {
    server = await createMemstoreServer({ auth: { insecureDevelopmentMode: true } });
    client = connect(await server.listen("127.0.0.1:0"), { services: STORAGE_SERVICES, auth: { tenant: "tenant-a" } });
  });
  afterAll(async () => {
    client.close();
    await server.shutdown();
  });

  it("should refuse a QoS policy's own bad fields before looking its volume up, naming every one", async () => {
    expect(await refusal(client.qos.setQosPolicy(policy({ volumeId: "vol-absent" }, { maxIops: 40n, reservedIops: 50n }))))
      .toEqual({ code: status.INVALID_ARGUMENT, fields: ["policy.reserved_iops"] });
    expect(await refusal(client.qos.setQosPolicy(policy({}, { maxIops: 40n, reservedIops: 50n }))))
      .toEqual({ code: status.INVALID_ARGUMENT, fields: ["policy.target", "policy.reserved_iops"] });
  });

  it("should answer UNIMPLEMENTED for an undeclared capability before looking the volume up", async () => {
    expect(await refusal(client.qos.setQosPolicy(policy({ volumeId: "vol-absent" }, { latencyTargetNs: 1_000_000n }))))
      .toEqual({ code: status.UNIMPLEMENTED, fields: [] });
  });

  it("should refuse a QoS target holding an empty or malformed id, naming the field, without echoing it", async () => {
    expect(await refusal(client.qos.setQosPolicy(policy({ volumeId: "" }, { maxIops: 10n }))))
      .toEqual({ code: status.INVALID_ARGUMENT, fields: ["policy.target.volume_id"] });
    expect(await refusal(client.qos.getQosPolicy({ target: { tenantId: "" } })))
      .toEqual({ code: status.INVALID_ARGUMENT, fields: ["target.tenant_id"] });
    const long = "v".repeat(32_000);
    const error = await fail(client.qos.setQosPolicy(policy({ volumeId: long }, { maxIops: 10n })));
    expect({ code: error?.code, fields: error?.fieldViolations.map((v) => v.field) }).toEqual({ code: status.INVALID_ARGUMENT, fields: ["policy.target.volume_id"] });
    expect(error!.message).not.toContain(long);
    expect(await refusal(client.qos.deleteQosPolicy({ target: { volumeId: "a/b" } })))
      .toEqual({ code: status.INVALID_ARGUMENT, fields: ["target.volume_id"] });
  });

  it("should name every bad field of a Read or a Write at once", async () => {
    expect(await refusal(client.block.read({ volumeId: "", offsetBytes: 0n, lengthBytes: (1n << 20n) + 1n })))
      .toEqual({ code: status.INVALID_ARGUMENT, fields: ["volume_id", "length_bytes"] });
    expect(await refusal(client.block.write({ volumeId: "", offsetBytes: 0n, data: Buffer.alloc(0), durable: false })))
      .toEqual({ code: status.INVALID_ARGUMENT, fields: ["volume_id"] });
    // The shared payload bound is checked before the layer's own field rules (overview, "Which error comes first").
    expect(await refusal(client.block.write({ volumeId: "", offsetBytes: 0n, data: Buffer.alloc((1 << 20) + 1), durable: false })))
      .toEqual({ code: status.INVALID_ARGUMENT, fields: ["data"] });
  });

  it("should store PRIORITY_UNSPECIFIED as sent", async () => {
    const { volume } = await client.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({
      name: "prio", workload: { applicationId: "app" }, capacityBytes: 4096n,
    }));
    const target = { volumeId: volume!.volumeId };
    await client.qos.setQosPolicy(policy(target, { maxIops: 10n, priority: storage.Priority.PRIORITY_UNSPECIFIED }));
    expect((await client.qos.getQosPolicy({ target })).policy!.priority).toBe(storage.Priority.PRIORITY_UNSPECIFIED);
  });
});
