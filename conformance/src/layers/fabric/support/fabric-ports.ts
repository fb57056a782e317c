import { rpc } from "@strata/sdk/contracts";
import { fabric } from "@strata/sdk/fabric";
import { uniqueName } from "../../../helpers/unique-name.js";
import type { FabricClients, FabricContext } from "../fabric-checks.js";

const { PORT_ROLE_INITIATOR, PORT_ROLE_TARGET } = fabric.PortRole;

export interface PortOptions {
  /** Who creates (and later deletes) it; tenant A by default. */
  as?: FabricClients;
  /** workload.application_id; the config's applicationId by default. */
  applicationId?: string;
  /** workload.tenant_id (empty: the caller's own). */
  tenantId?: string;
  /** The exact name instead of a fresh one. */
  name?: string;
  labels?: Record<string, string>;
  /** An initiator's host (a fresh one by default). */
  hostId?: string;
  /** A target's storage system (a fresh one by default: a sink). */
  systemId?: string;
}

/** The CreatePortRequest the fabric checks send: a unique name, an initiator on a fresh host or a target of a fresh system. */
export function portRequest(t: FabricContext, stem: string, role: fabric.PortRole, options: PortOptions = {}): fabric.CreatePortRequest {
  const initiator = role === PORT_ROLE_INITIATOR;
  return fabric.CreatePortRequest.fromPartial({
    name: options.name ?? uniqueName(stem),
    role,
    hostId: initiator ? (options.hostId ?? uniqueName("host")) : "",
    systemId: initiator ? "" : (options.systemId ?? uniqueName("system")),
    labels: options.labels ?? {},
    workload: { applicationId: options.applicationId ?? t.config.applicationId, tenantId: options.tenantId ?? "", component: "conformance" },
  });
}

/** Creates a port from a request (expecting OK) and tracks its deletion by the same caller. */
export async function createPortFrom(t: FabricContext, request: fabric.CreatePortRequest, as: FabricClients = t.tenantA): Promise<fabric.Port> {
  const { port } = await t.expectCode(trackPort(t, as.fabricPorts.createPort(request), as), rpc.Code.OK, `CreatePort "${request.name}"`);
  return port ?? t.fail(`CreatePort "${request.name}" answered OK without a port; the response must carry the created port`);
}

/** Creates an initiator (expecting OK), tracked for deletion. */
export const createInitiator = (t: FabricContext, stem: string, options: PortOptions = {}) =>
  createPortFrom(t, portRequest(t, stem, PORT_ROLE_INITIATOR, options), options.as);

/** Creates a target (expecting OK), tracked for deletion. */
export const createTarget = (t: FabricContext, stem: string, options: PortOptions = {}) =>
  createPortFrom(t, portRequest(t, stem, PORT_ROLE_TARGET, options), options.as);

/** Tracks the deletion of whatever port a create call returns; returns the call unchanged. */
export function trackPort<T extends { port?: fabric.Port }>(t: FabricContext, call: Promise<T>, as: FabricClients = t.tenantA): Promise<T> {
  call.then(({ port }) => {
    if (port) t.track(() => as.fabricPorts.deletePort({ portId: port.portId }), `DeletePort ${port.portId}`);
  }, () => undefined);
  return call;
}

/** Tracks the deletion of whatever zone a create call returns (tracked after its ports, so it goes first). */
export function trackZone<T extends { zone?: fabric.Zone }>(t: FabricContext, call: Promise<T>, as: FabricClients = t.tenantA): Promise<T> {
  call.then(({ zone }) => {
    if (zone) t.track(() => as.fabricZones.deleteZone({ zoneId: zone.zoneId }), `DeleteZone ${zone.zoneId}`);
  }, () => undefined);
  return call;
}

export interface ZoneOptions {
  as?: FabricClients;
  applicationId?: string;
  tenantId?: string;
  name?: string;
  labels?: Record<string, string>;
}

/** The CreateZoneRequest of a zone listing the given ports. */
export function zoneRequest(t: FabricContext, stem: string, initiators: string[], targets: string[], options: ZoneOptions = {}): fabric.CreateZoneRequest {
  return fabric.CreateZoneRequest.fromPartial({
    name: options.name ?? uniqueName(stem),
    initiatorPortIds: initiators,
    targetPortIds: targets,
    labels: options.labels ?? {},
    workload: { applicationId: options.applicationId ?? t.config.applicationId, tenantId: options.tenantId ?? "", component: "conformance" },
  });
}

/** Creates a zone (expecting OK), tracked for deletion. */
export async function createZone(t: FabricContext, stem: string, initiators: string[], targets: string[], options: ZoneOptions = {}): Promise<fabric.Zone> {
  const as = options.as ?? t.tenantA;
  const request = zoneRequest(t, stem, initiators, targets, options);
  const { zone } = await t.expectCode(trackZone(t, as.fabricZones.createZone(request), as), rpc.Code.OK, `CreateZone "${request.name}"`);
  return zone ?? t.fail(`CreateZone "${request.name}" answered OK without a zone; the response must carry the created zone`);
}

/** A zoned pair of tenant A's (or `as`'s): an initiator, a sink target and the zone listing both. */
export interface ZonedPair {
  initiator: fabric.Port;
  target: fabric.Port;
  zone: fabric.Zone;
}

/** Creates an initiator, a sink target and a zone listing both, each tracked (the zone deleted first). */
export async function createZonedPair(t: FabricContext, stem: string, options: PortOptions & ZoneOptions = {}): Promise<ZonedPair> {
  const { name: _name, ...rest } = options;
  const [initiator, target] = await Promise.all([createInitiator(t, `${stem}-i`, rest), createTarget(t, `${stem}-t`, rest)]);
  const zone = await createZone(t, `${stem}-z`, [initiator.portId], [target.portId], rest);
  return { initiator, target, zone };
}
