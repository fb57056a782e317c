import { canAccessTenant, type Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import type { LayerKitBase } from "../../server/serve-layer-kit.js";
import { validate } from "../../server/validate.js";
import { PortRole, type Port, type Zone } from "./contracts.js";
import type { FabricBackend, FabricPort } from "./fabric-backend.js";
import type { FabricCatalog } from "./fabric-catalog.js";
import type { FabricTopology } from "./fabric-topology.js";
import type { PathWindows } from "./path-window.js";
import type { PortCounters } from "./port-counters.js";
import type { StorageForwarder } from "./storage-forwarder.js";

/** What every fabric service handler shares. */
export interface FabricKit extends LayerKitBase {
  readonly catalog: FabricCatalog;
  readonly backend: FabricBackend;
  readonly topology: FabricTopology;
  readonly counters: PortCounters;
  readonly paths: PathWindows;
  readonly storage: StorageForwarder;
  /** Ids of the frames the kit hands the backend. */
  nextFrameId(): number;
}

/** The port if the principal may see it; NOT_FOUND otherwise, the same for absent and foreign. */
export function visiblePort(kit: FabricKit, principal: Principal, portId: string): Port {
  const port = kit.catalog.ports.get(portId);
  if (!port || !canAccessTenant(principal, port.workload!.tenantId)) throw StrataError.notFound("port", portId);
  return port;
}

/** The zone if the principal may see it; NOT_FOUND otherwise, the same for absent and foreign. */
export function visibleZone(kit: FabricKit, principal: Principal, zoneId: string): Zone {
  const zone = kit.catalog.zones.get(zoneId);
  if (!zone || !canAccessTenant(principal, zone.workload!.tenantId)) throw StrataError.notFound("zone", zoneId);
  return zone;
}

/** A port as the backend sees it. */
export function fabricPort(port: Port): FabricPort {
  return { portId: port.portId, role: port.role, speedBytesPerSecond: Number(port.speedBytesPerSecond), bufferFrames: port.bufferFrames };
}

/** What a pair request names, its fields already checked. */
export interface PairRequest {
  readonly initiatorPortId: string;
  readonly targetPortId: string;
}

/**
 * The zoned pair a GetPath or Transfer names, in the order of
 * docs/fabric.md: each port visible to the caller (NOT_FOUND, the initiator
 * first), each of its role (INVALID_ARGUMENT naming the field), and a zone
 * listing both (FAILED_PRECONDITION). `onInitiator` runs once the initiator
 * is known, for what the call attributes to it.
 */
export function zonedPair(
  kit: FabricKit, principal: Principal, request: PairRequest, onInitiator?: (initiator: Port) => void,
): { initiator: Port; target: Port } {
  const initiator = visiblePort(kit, principal, request.initiatorPortId);
  onInitiator?.(initiator);
  const target = visiblePort(kit, principal, request.targetPortId);
  const roles = validate();
  if (initiator.role !== PortRole.PORT_ROLE_INITIATOR) roles.add("initiator_port_id", `port "${initiator.portId}" is a target, not an initiator`);
  if (target.role !== PortRole.PORT_ROLE_TARGET) roles.add("target_port_id", `port "${target.portId}" is an initiator, not a target`);
  roles.throwIfAny();
  if (!kit.catalog.zoned(initiator.portId, target.portId)) {
    throw StrataError.busy("port pair", `${initiator.portId} → ${target.portId}`, "is listed by no zone: create a zone listing both first");
  }
  return { initiator, target };
}
