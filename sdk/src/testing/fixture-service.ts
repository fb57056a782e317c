import protobuf from "protobufjs";
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

const message = (name: string) => new protobuf.Type(name)
  .add(new protobuf.Field("resourceId", 1, "string"))
  .add(new protobuf.Field("payload", 2, "bytes"));
const requestType = message("FixtureRequest");
const responseType = message("FixtureResponse");
new protobuf.Root().define("strata.fixture.v1").add(requestType).add(responseType);

function serialize(type: protobuf.Type): (value: FixtureRequest | FixtureResponse) => Buffer {
  return (value) => Buffer.from(type.encode(type.fromObject(value)).finish());
}

function deserialize<T>(type: protobuf.Type): (bytes: Buffer) => T {
  return (bytes) => {
    const decoded = type.decode(bytes) as unknown as Partial<FixtureRequest>;
    return { resourceId: decoded.resourceId ?? "", payload: Buffer.from(decoded.payload ?? []) } as T;
  };
}

function method(name: string): MethodDefinition<FixtureRequest, FixtureResponse> {
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
 * for its control path. Wire-compatible with a two-field proto message.
 */
export const FixtureServiceDefinition = {
  read: method("Read"),
  write: method("Write"),
  get: method("Get"),
  delete: method("Delete"),
} as const;

/** The fixture layer's services by client name, for `connect()`. */
export const FIXTURE_SERVICES = { fixture: FixtureServiceDefinition } as const;
