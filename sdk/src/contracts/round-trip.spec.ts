import { describe, expect, it } from "vitest";
import protobuf from "protobufjs";
import * as contracts from "../contracts.js";
import * as storage from "../layers/storage/contracts.js";
import { contractsRoot } from "./descriptor-set.js";
import { sampleMessage } from "./sample-message.js";

interface MessageFns {
  encode(m: unknown): { finish(): Uint8Array };
  decode(b: Uint8Array): unknown;
  fromPartial(o: unknown): unknown;
}

function messagesOf(pkg: string): protobuf.Type[] {
  const ns = contractsRoot().lookup(pkg) as protobuf.Namespace;
  return ns.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type);
}

const packages = {
  "strata.storage.v1": storage,
  "strata.core.v1": contracts.core,
  "strata.telemetry.v1": contracts.telemetry,
  "strata.topology.v1": contracts.topology,
} as Record<string, Record<string, unknown>>;

describe("generated contracts", () => {
  for (const [pkg, generated] of Object.entries(packages)) {
    const types = messagesOf(pkg);

    it(`should generate a codec for every message of ${pkg}`, () => {
      expect(types.length).toBeGreaterThan(3);
      for (const type of types) expect(generated[type.name], type.name).toBeDefined();
    });

    for (const type of types) {
      it(`should round-trip ${pkg}.${type.name} with every field set`, () => {
        const fns = generated[type.name] as MessageFns;
        const message = fns.fromPartial(sampleMessage(type));
        const bytes = fns.encode(message).finish();
        if (type.fieldsArray.length > 0) expect(bytes.length).toBeGreaterThan(0);
        expect(fns.decode(bytes)).toEqual(message);
        // An independent implementation (protobufjs, from the descriptors) must
        // read what ts-proto wrote, and ts-proto must read its re-encoding.
        const reencoded = type.encode(type.decode(bytes)).finish();
        expect(fns.decode(reencoded)).toEqual(message);
      });
    }
  }
});
