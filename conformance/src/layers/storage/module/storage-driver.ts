import { rpc } from "@strata/sdk/contracts";
import { storage } from "@strata/sdk/storage";
import type { DrivenResource, TrafficDriver } from "../../../registry/traffic-driver.js";
import { blockCall } from "../support/block-traffic.js";
import { createVolume, pattern, trackCreated, volumeRequest } from "../support/storage-volumes.js";
import type { StorageContext, StorageServices } from "../storage-checks.js";

/** Every call moves this much: small enough to be cheap, big enough to be counted. */
const CALL_BYTES = 512;
/** A calm enough QoS limit that every call waits ~20 ms on the server: latency a vendor must report. */
const SLOW_MAX_IOPS = 50n;
/** The labels of every volume the driver makes, so that a conflicting create can change them. */
const LABELS = { conformance: "driver" };
/** The data-path operations, cheapest first. */
const OPERATIONS = ["read", "write"] as const;

/** A volume as the common checks see it. */
export function drivenVolume(volume: storage.Volume): DrivenResource<storage.Volume> {
  return {
    id: volume.volumeId,
    name: volume.name,
    tenantId: volume.workload?.tenantId ?? "",
    applicationId: volume.workload?.applicationId ?? "",
    node: {
      kind: "storage.volume",
      displayName: volume.name,
      attributes: { capacity_bytes: String(volume.capacityBytes), provisioning: storage.provisioningToJSON(volume.provisioning) },
    },
    recordAttributes: { pool_id: volume.poolId },
    value: volume,
  };
}

/** Storage traffic: 1 MiB volumes, block Reads and Writes of 512 bytes, a Read past the end when a call must fail. */
export const storageDriver: TrafficDriver<StorageServices, storage.Volume> = {
  resourceKind: "volume",
  operations: OPERATIONS,
  rpcs: { create: "VolumeService.CreateVolume", delete: "VolumeService.DeleteVolume" },

  async create(t, options = {}) {
    const { as, applicationId, name, stem } = options;
    const given = Object.fromEntries(Object.entries({ as, applicationId, name }).filter(([, value]) => value !== undefined));
    return drivenVolume(await createVolume(t, stem ?? "resource", { ...given, labels: LABELS }));
  },

  delete: (clients, id) => clients.volumes.deleteVolume({ volumeId: id }),

  conflictingCreates(t, resource) {
    const volume = resource.value;
    const same = { name: volume.name, capacityBytes: volume.capacityBytes, labels: LABELS, applicationId: volume.workload?.applicationId };
    const variants: Array<[string, storage.CreateVolumeRequest]> = [
      ["capacity_bytes", volumeRequest(t, "", { ...same, capacityBytes: 2n * volume.capacityBytes })],
      ["workload.application_id", volumeRequest(t, "", { ...same, applicationId: `${same.applicationId}-other` })],
      ["labels", volumeRequest(t, "", { ...same, labels: { conformance: "other" } })],
      ["labels (one more)", volumeRequest(t, "", { ...same, labels: { ...LABELS, extra: "x" } })],
    ];
    return variants.map(([differing, request]) => ({ differing, call: () => trackCreated(t, t.tenantA.volumes.createVolume(request)) }));
  },

  call(t, resource, options) {
    const capacity = resource.value.capacityBytes;
    const operation = options.operation ?? OPERATIONS[options.index % OPERATIONS.length]!;
    const common = { as: options.as, volumeId: resource.id, label: options.label, applicationId: options.applicationId, untraced: options.untraced, traceparent: options.traceparent, code: options.code };
    if (options.fail) return blockCall(t, { ...common, offset: capacity - 10n, readLength: 20n, code: rpc.Code.OUT_OF_RANGE });
    // Unaligned offsets, spread over the volume, never past its end.
    const slots = Number(capacity / 4096n) - 1;
    const offset = BigInt((options.index % slots) * 4096 + (options.index % 7) * 3);
    return operation === "write"
      ? blockCall(t, { ...common, offset, write: pattern(CALL_BYTES, options.index + 1) })
      : blockCall(t, { ...common, offset, readLength: BigInt(CALL_BYTES) });
  },

  async slowDown(t, resource) {
    const target = storage.QosTarget.fromPartial({ volumeId: resource.id });
    await t.expectCode(t.tenantA.qos.setQosPolicy(storage.SetQosPolicyRequest.fromPartial({ policy: { target, maxIops: SLOW_MAX_IOPS } })),
      rpc.Code.OK, `SetQosPolicy max_iops ${SLOW_MAX_IOPS} on volume ${resource.id}`);
    t.track(() => t.tenantA.qos.deleteQosPolicy(storage.DeleteQosPolicyRequest.fromPartial({ target })), "DeleteQosPolicy");
    return `a QoS policy of max_iops ${SLOW_MAX_IOPS} on the volume`;
  },

  async snapshot(t: StorageContext, resource) {
    const { volume } = await t.expectCode(t.tenantA.volumes.getVolume({ volumeId: resource.id }), rpc.Code.OK, `GetVolume ${resource.id} by tenant A`);
    const { data } = await t.expectCode(t.tenantA.block.read({ volumeId: resource.id, offsetBytes: 0n, lengthBytes: BigInt(CALL_BYTES) }),
      rpc.Code.OK, `Read of volume ${resource.id} by tenant A`);
    return { capacityBytes: volume?.capacityBytes, labels: volume?.labels, applicationId: volume?.workload?.applicationId, firstBlock: data.toString("hex") };
  },
};
