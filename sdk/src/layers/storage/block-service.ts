import { StrataError } from "../../errors/strata-error.js";
import type { CallContext } from "../../server/call-context.js";
import { dataPathInterceptor } from "../../server/data-path-interceptor.js";
import { defineService } from "../../server/service-registration.js";
import type { DataPathRecord } from "../../telemetry/data-path-record.js";
import { BlockServiceService, type Volume } from "./contracts.js";
import type { IoRequest } from "./storage-backend.js";
import { visibleVolume, type StorageKit } from "./storage-kit.js";
import { validate } from "../../server/validate.js";

/**
 * The storage data path: Read and Write yield one request record each
 * (dataPathInterceptor), whatever answers them; createStorageServer puts it
 * on the server so that a customized block service keeps it.
 */
export const storageDataPath = dataPathInterceptor(BlockServiceService, {
  read: { operation: "read", resourceId: (request) => request.volumeId },
  write: { operation: "write", resourceId: (request) => request.volumeId },
});

/**
 * strata.storage.v1.BlockService: the data path. The record of each call
 * includes QoS waiting: it is latency the caller saw.
 */
export function createBlockService(kit: StorageKit) {
  return defineService(BlockServiceService, {
    async read(request, ctx) {
      const checks = validate().id("volume_id", request.volumeId);
      if (request.lengthBytes > BigInt(kit.maxIoBytes)) checks.add("length_bytes", `must be at most ${kit.maxIoBytes} (Limits.max_io_bytes)`);
      checks.throwIfAny();
      const volume = resolveVolume(kit, ctx, request.volumeId);
      checkRange(volume, request.offsetBytes, request.lengthBytes);
      const length = Number(request.lengthBytes);
      await admit(kit, ctx, volume, "read", length);
      const data = await kit.backend.read(volume, request.offsetBytes, length, ctx);
      recordOf(ctx).payloadBytes = data.length;
      return { data };
    },
    async write(request, ctx) {
      const checks = validate().id("volume_id", request.volumeId);
      if (request.data.length > kit.maxIoBytes) checks.add("data", `must be at most ${kit.maxIoBytes} bytes (Limits.max_io_bytes)`);
      checks.throwIfAny();
      const volume = resolveVolume(kit, ctx, request.volumeId);
      checkRange(volume, request.offsetBytes, BigInt(request.data.length));
      await admit(kit, ctx, volume, "write", request.data.length);
      await kit.backend.write(volume, request.offsetBytes, request.data, request.durable, ctx);
      recordOf(ctx).payloadBytes = request.data.length;
      return { bytesWritten: BigInt(request.data.length) };
    },
  });
}

function recordOf(ctx: CallContext): DataPathRecord {
  if (!ctx.dataPath) throw new Error("storage block I/O served without its data-path interceptor");
  return ctx.dataPath;
}

/** The volume, if visible to the caller; its record is then attributed to the owner. */
function resolveVolume(kit: StorageKit, ctx: CallContext, volumeId: string): Volume {
  const volume = visibleVolume(kit, ctx.principal, volumeId);
  const { tenantId, applicationId } = volume.workload!;
  recordOf(ctx).resolve({ resourceId: volume.volumeId, tenantId, applicationId, attributes: { pool_id: volume.poolId } });
  return volume;
}

/** QoS admission; the backend hears of the request's end with its measured duration. */
async function admit(kit: StorageKit, ctx: CallContext, volume: Volume, operation: IoRequest["operation"], bytes: number): Promise<void> {
  const request: IoRequest = { volume, operation, bytes, policies: kit.catalog.policiesFor(volume), signal: ctx.signal };
  const complete = kit.backend.complete;
  if (complete) recordOf(ctx).onFinish((durationNs) => complete.call(kit.backend, request, durationNs));
  await kit.backend.admit(request);
}

function checkRange(volume: Volume, offset: bigint, length: bigint): void {
  if (offset + length > volume.capacityBytes) {
    throw StrataError.outOfBounds("offset_bytes",
      `range [${offset}, ${offset + length}) runs past the end of volume "${volume.volumeId}" (${volume.capacityBytes} bytes)`);
  }
}
