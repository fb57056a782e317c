import { createHash } from "node:crypto";
import { compute } from "@strata/sdk/compute";
import type { ComputeProgram, ProgramEnvironment } from "@strata/sdk/compute";
import { fabric } from "@strata/sdk/fabric";
import { StrataError } from "@strata/sdk/server";

/** The bytes of one record slot of the back end's volume: a request's body is stored in one slot. */
export const SLOT_BYTES = 4096;
/** How many slots the back end uses: its volume holds at least SLOT_BYTES × SLOTS bytes. */
export const SLOTS = 64;

/** A back end's fabric path: its initiator (on its instance) and the target its zone lets it reach. */
interface FabricPath {
  initiatorPortId: string;
  targetPortId: string;
}

/** Paths learnt, by instance id: a port's zoning does not change under a running application. */
const paths = new Map<string, FabricPath>();

/**
 * The reference back end: serves framed "put" requests on its LAN port.
 * Each stores the request's body (its first SLOT_BYTES) in a slot of its
 * attached storage volume chosen by the body's SHA-256, through the fabric
 * (a write, then a read back of the same bytes, each a Transfer from the
 * initiator on its instance to the target its zone names), and answers the
 * SHA-256 of what it read back.
 */
export const backEndProgram: ComputeProgram = {
  serves: true,
  async handle({ operation, payload }, env) {
    if (operation !== "put") throw StrataError.invalidArgument("operation", `must be "put", not "${operation}"`);
    const transfers = env.fabric?.transfers;
    if (!transfers) throw StrataError.unavailable(`back end "${env.instance.instanceId}": the compute endpoint reaches no fabric`);
    const volumeId = env.attachments().find((a) => a.kind === compute.AttachmentKind.ATTACHMENT_KIND_STORAGE_VOLUME)?.targetId;
    if (!volumeId) throw StrataError.unavailable(`back end "${env.instance.instanceId}": no storage volume attached`);
    const path = await pathOf(env);
    const data = payload.subarray(0, SLOT_BYTES);
    const offsetBytes = BigInt(createHash("sha256").update(data).digest().readUInt32BE(0) % SLOTS) * BigInt(SLOT_BYTES);
    const frame = { ...path, trafficClass: fabric.TrafficClass.TRAFFIC_CLASS_BEST_EFFORT, volumeId, offsetBytes };
    await transfers.transfer({ ...frame, operation: fabric.FrameOperation.FRAME_OPERATION_WRITE, lengthBytes: 0n, data }, env.call);
    const read = await transfers.transfer({
      ...frame, operation: fabric.FrameOperation.FRAME_OPERATION_READ, lengthBytes: BigInt(data.length), data: Buffer.alloc(0),
    }, env.call);
    return createHash("sha256").update(read.data).digest();
  },
};

/** The initiator on the instance and the first target of a zone listing it, looked up once. */
async function pathOf(env: ProgramEnvironment): Promise<FabricPath> {
  const known = paths.get(env.instance.instanceId);
  if (known) return known;
  const clients = env.fabric!;
  const extras = { signal: env.signal };
  let initiatorPortId: string | undefined;
  let pageToken = "";
  do {
    const { ports, page } = await clients.fabricPorts.listPorts({ page: { pageSize: 0, pageToken }, applicationId: "", role: fabric.PortRole.PORT_ROLE_INITIATOR }, extras);
    initiatorPortId = ports.find((p) => p.hostId === env.instance.instanceId)?.portId;
    pageToken = page?.nextPageToken ?? "";
  } while (!initiatorPortId && pageToken !== "");
  if (!initiatorPortId) throw StrataError.unavailable(`back end "${env.instance.instanceId}": no fabric initiator port on its instance`);
  const { zones } = await clients.fabricZones.listZones({ page: { pageSize: 0, pageToken: "" }, portId: initiatorPortId }, extras);
  const targetPortId = zones.flatMap((z) => z.targetPortIds)[0];
  if (!targetPortId) throw StrataError.unavailable(`back end "${env.instance.instanceId}": no zone lets initiator "${initiatorPortId}" reach a target`);
  const path = { initiatorPortId, targetPortId };
  paths.set(env.instance.instanceId, path);
  return path;
}
