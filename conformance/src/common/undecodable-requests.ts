import type { Client, Metadata, ServiceError } from "@grpc/grpc-js";
import { metadataFor } from "@strata/sdk/client";
import { core, rpc, telemetry, topology } from "@strata/sdk/contracts";
import { check } from "../registry/check-registry.js";
import type { CheckContext } from "../runner/check-context.js";

/** Bytes that are no message of any type. */
const UNDECODABLE: ReadonlyArray<readonly [string, Buffer]> = [
  ["a length that runs past the end", Buffer.from([0x0a, 0x20, 0x61])],
  ["wire type 7, which does not exist", Buffer.from([0x0f, 0x01])],
  ["a group that never ends", Buffer.from([0x0b])],
];

const identity = (bytes: Buffer) => bytes;

/** The status of one call of `path` with `bytes` as its request message: a unary call, or a server stream read to its end. */
function callWithBytes(raw: Client, path: string, stream: boolean, bytes: Buffer, metadata: Metadata, timeoutMs: number): Promise<rpc.Code> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    if (!stream) {
      raw.makeUnaryRequest(path, identity, identity, bytes, metadata, { deadline }, (error: ServiceError | null) => resolve(error ? error.code as number : rpc.Code.OK));
      return;
    }
    const call = raw.makeServerStreamRequest(path, identity, identity, bytes, metadata, { deadline });
    call.on("data", () => call.cancel());
    call.on("error", (error: ServiceError) => resolve(error.code as number));
    call.on("end", () => resolve(rpc.Code.OK));
  });
}

check("A request message that does not decode is refused, never answered UNKNOWN, and the endpoint serves on [errors]",
  { covers: ["CORE-ERR-5", "CORE-ERR-6"] }, async (t: CheckContext) => {
    const methods = [
      [topology.TopologyServiceService.getTopology.path, false],
      [core.IdentityServiceService.getCapabilities.path, false],
      [telemetry.TelemetryServiceService.subscribe.path, true],
    ] as const;
    const metadata = metadataFor({ auth: t.config.credentials.tenantA, applicationId: t.config.applicationId });
    for (const [path, stream] of methods) {
      for (const [what, bytes] of UNDECODABLE) {
        const code = await callWithBytes(t.tenantA.topology.raw, path, stream, bytes, metadata, t.config.timeoutMs / 2);
        t.log(`${path} with ${what}: ${rpc.codeToJSON(code)}`);
        t.ensure(code !== rpc.Code.UNKNOWN, `${path} with a request message of ${what} answered UNKNOWN; the standard never answers UNKNOWN `
          + "(a message that does not decode is malformed: INVALID_ARGUMENT naming request)");
        t.ensure(code !== rpc.Code.OK, `${path} with a request message of ${what} answered OK; bytes that are no request message are refused`);
      }
    }
    await t.expectCode(t.operator.identity.getInfo({}), rpc.Code.OK, "IdentityService.GetInfo after the requests that do not decode");
    await t.expectCode(t.tenantA.topology.getTopology(topology.GetTopologyRequest.fromPartial({})), rpc.Code.OK, "GetTopology by tenant A after the requests that do not decode");
  });
