import { StrataError } from "../../errors/strata-error.js";
import type { HostDescription } from "./compute-backend.js";
import type { ComputeKit } from "./compute-kit.js";
import type { HostRoom } from "./instance-catalog.js";

/** True when a host has the cores for `vcpuCount` and the free memory for `memoryBytes`. */
export function fitsOnHost(room: HostRoom, vcpuCount: number, memoryBytes: bigint): boolean {
  return vcpuCount <= room.host.cpuCores && room.allocatedMemoryBytes + memoryBytes <= room.host.memoryBytes;
}

/**
 * The host a new instance goes on: the one named, or else the first that can
 * hold it. RESOURCE_EXHAUSTED (no RetryInfo) when none can.
 */
export function placeInstance(kit: ComputeKit, hostId: string, vcpuCount: number, memoryBytes: bigint): HostDescription {
  const candidates = kit.backend.hosts().filter((h) => hostId === "" || h.hostId === hostId);
  const host = candidates.find((h) => fitsOnHost(kit.catalog.roomOn(h), vcpuCount, memoryBytes));
  if (!host) {
    const where = hostId === "" ? "any host" : `host "${hostId}"`;
    throw StrataError.capacityExhausted(`${where} for ${vcpuCount} vCPUs and ${memoryBytes} bytes of memory`);
  }
  return host;
}
