import { randomBytes } from "node:crypto";
import { status } from "@grpc/grpc-js";
import { StrataError } from "../../errors/strata-error.js";
import { Layer } from "../../gen/strata/core/v1/layer.js";
import { BlockServiceService, type Volume } from "./contracts.js";
import type { CallContext } from "../../server/call-context.js";
import { defineService } from "../../server/service-registration.js";
import type { IoRequest } from "./storage-backend.js";
import { visibleVolume, type StorageKit } from "./storage-kit.js";
import { validate } from "./storage-validation.js";

/** The application id recorded when a failed call names none and has no visible owner. */
export const UNATTRIBUTED = "unattributed";

/**
 * strata.storage.v1.BlockService: the data path. Every call, failed or not,
 * yields exactly one request record with its measured latency (QoS waiting
 * included: it is latency the caller saw).
 */
export function createBlockService(kit: StorageKit) {
  return defineService(BlockServiceService, {
    read: (request, ctx) => instrumented(kit, ctx, "read", request.volumeId, async (io) => {
      validate().id("volume_id", request.volumeId).throwIfAny();
      if (request.lengthBytes > BigInt(kit.maxIoBytes)) {
        throw StrataError.invalidArgument("length_bytes", `must be at most ${kit.maxIoBytes} (Limits.max_io_bytes)`);
      }
      const volume = io.resolve(visibleVolume(kit, ctx.principal, request.volumeId));
      checkRange(volume, request.offsetBytes, request.lengthBytes);
      const length = Number(request.lengthBytes);
      await io.admit(length);
      const data = await kit.backend.read(volume, Number(request.offsetBytes), length, ctx);
      io.bytes = data.length;
      return { data };
    }),
    write: (request, ctx) => instrumented(kit, ctx, "write", request.volumeId, async (io) => {
      validate().id("volume_id", request.volumeId).throwIfAny();
      if (request.data.length > kit.maxIoBytes) {
        throw StrataError.invalidArgument("data", `must be at most ${kit.maxIoBytes} bytes (Limits.max_io_bytes)`);
      }
      const volume = io.resolve(visibleVolume(kit, ctx.principal, request.volumeId));
      checkRange(volume, request.offsetBytes, BigInt(request.data.length));
      await io.admit(request.data.length);
      await kit.backend.write(volume, Number(request.offsetBytes), request.data, request.durable, ctx);
      io.bytes = request.data.length;
      return { bytesWritten: BigInt(request.data.length) };
    }),
  });
}

function checkRange(volume: Volume, offset: bigint, length: bigint): void {
  if (offset + length > volume.capacityBytes) {
    throw StrataError.outOfBounds("offset_bytes",
      `range [${offset}, ${offset + length}) runs past the end of volume "${volume.volumeId}" (${volume.capacityBytes} bytes)`);
  }
}

/** The state of one data-path call as the instrumentation sees it. */
interface Io {
  bytes: number;
  resolve(volume: Volume): Volume;
  admit(bytes: number): Promise<void>;
}

async function instrumented<T>(
  kit: StorageKit, ctx: CallContext, operation: "read" | "write", volumeId: string, work: (io: Io) => Promise<T>,
): Promise<T> {
  const startTimeUnixNano = BigInt(Date.now()) * 1_000_000n;
  const started = process.hrtime.bigint();
  let volume: Volume | undefined;
  let request: IoRequest | undefined;
  let inFlightDone: (() => void) | undefined;
  let code: number = status.OK;
  const io: Io = {
    bytes: 0,
    resolve(v) {
      volume = v;
      inFlightDone = kit.telemetry.trackInFlight(v.workload!.tenantId, v.workload!.applicationId, v.volumeId);
      return v;
    },
    async admit(bytes) {
      const policies = kit.catalog.policiesFor(volume!);
      request = { volume: volume!, operation, bytes, policies, signal: ctx.signal };
      await kit.backend.admit(request);
    },
  };
  try {
    return await work(io);
  } catch (error) {
    code = error instanceof StrataError ? error.code : status.INTERNAL;
    throw error;
  } finally {
    const durationNs = Number(process.hrtime.bigint() - started);
    inFlightDone?.();
    if (request) kit.backend.complete?.(request, durationNs);
    kit.telemetry.record({
      layer: Layer.LAYER_STORAGE,
      operation,
      resourceId: volume?.volumeId ?? volumeId,
      tenantId: volume?.workload!.tenantId ?? ctx.principal.tenantId,
      applicationId: ctx.applicationId ?? volume?.workload!.applicationId ?? UNATTRIBUTED,
      startTimeUnixNano,
      durationNs,
      payloadBytes: io.bytes,
      statusCode: code,
      traceId: ctx.trace?.traceId,
      spanId: ctx.trace ? randomBytes(8) : undefined,
      attributes: volume ? { pool_id: volume.poolId } : undefined,
    });
  }
}
