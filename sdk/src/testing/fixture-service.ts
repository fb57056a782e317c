import protobuf from "protobufjs";
import { registerContracts } from "../contracts/descriptor-set.js";
import type { MethodDefinition } from "../server/service-registration.js";

/** The request of every fixture RPC: a resource and a payload. */
export interface FixtureRequest {
  resourceId: string;
  payload: Buffer;
}

/** The answer of every fixture RPC. */
export interface FixtureResponse {
  resourceId: string;
  payload: Buffer;
}

const METHODS = ["Read", "Write", "Get", "Delete"] as const;
const message = (name: string) => new protobuf.Type(name)
  .add(new protobuf.Field("resource_id", 1, "string"))
  .add(new protobuf.Field("payload", 2, "bytes"));
const requestType = message("FixtureRequest");
const responseType = message("FixtureResponse");
const service = new protobuf.Service("FixtureService");
for (const name of METHODS) service.add(new protobuf.Method(name, "rpc", "FixtureRequest", "FixtureResponse"));
const root = new protobuf.Root();
root.define("strata.fixture.v1").add(requestType).add(responseType).add(service);
root.resolveAll();
// The kit's request checks (ids, enums, payload size) read the fixture's descriptors as they read the contracts'.
registerContracts(root);

function serialize(type: protobuf.Type): (value: FixtureRequest | FixtureResponse) => Buffer {
  return (value) => Buffer.from(type.encode(type.fromObject({ resource_id: value.resourceId, payload: value.payload })).finish());
}

function deserialize<T>(type: protobuf.Type): (bytes: Buffer) => T {
  return (bytes) => {
    const decoded = type.decode(bytes) as unknown as { resource_id?: string; payload?: Uint8Array };
    return { resourceId: decoded.resource_id ?? "", payload: Buffer.from(decoded.payload ?? []) } as T;
  };
}

function method(name: (typeof METHODS)[number]): MethodDefinition<FixtureRequest, FixtureResponse> {
  return {
    path: `/strata.fixture.v1.FixtureService/${name}`,
    requestStream: false,
    responseStream: false,
    requestSerialize: serialize(requestType),
    requestDeserialize: deserialize<FixtureRequest>(requestType),
    responseSerialize: serialize(responseType),
    responseDeserialize: deserialize<FixtureResponse>(responseType),
  };
}

/**
 * A layer service for tests of the generic kit, defined here rather than in
 * the contracts: Read and Write stand for a layer's data path, Get and Delete
 * for its control path. Wire-compatible with a two-field proto message
 * (`string resource_id = 1; bytes payload = 2;`), whose descriptors the kit's
 * request checks know.
 */
export const FixtureServiceDefinition = {
  read: method("Read"),
  write: method("Write"),
  get: method("Get"),
  delete: method("Delete"),
} as const;

/** The fixture layer's services by client name, for `connect()`. */
export const FIXTURE_SERVICES = { fixture: FixtureServiceDefinition } as const;
