import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import descriptorExt from "protobufjs/ext/descriptor/index.js";

/** Where the FileDescriptorSet of every Strata contract is, as `npm run proto:gen` builds it. */
export const descriptorSetPath = [
  new URL("../gen/strata.binpb", import.meta.url), // from src/contracts
  new URL("../../src/gen/strata.binpb", import.meta.url), // from dist/contracts
].map((u) => fileURLToPath(u)).find((p) => existsSync(p)) ?? "strata.binpb (missing: run npm run proto:gen)";

/** The raw FileDescriptorSet bytes (served by reflection, used by tools). */
export function readDescriptorSet(): Buffer {
  return readFileSync(descriptorSetPath);
}

let root: protobuf.Root | undefined;
const registered: protobuf.Root[] = [];

/** A protobufjs Root of every Strata contract, for reflection over fields. */
export function contractsRoot(): protobuf.Root {
  if (!root) {
    const set = descriptorExt.FileDescriptorSet.decode(readDescriptorSet());
    root = (protobuf.Root as unknown as { fromDescriptor(set: unknown): protobuf.Root }).fromDescriptor(set);
    root.resolveAll();
  }
  return root;
}

/**
 * Makes services defined outside the contracts (a test fixture) known to the
 * lookups of lookupService(), so that the kit checks their requests as it
 * checks the contracts' own.
 */
export function registerContracts(extra: protobuf.Root): void {
  registered.push(extra);
}

/** A service of the contracts or of a registered root, by full name; undefined when none has it. */
export function lookupService(name: string): protobuf.Service | undefined {
  for (const candidate of [contractsRoot(), ...registered]) {
    try {
      return candidate.lookupService(name);
    } catch {
      // not in this root
    }
  }
  return undefined;
}

/**
 * The entry type of a map field, or undefined for any other field. protobufjs
 * built from descriptors sees maps as repeated `<Name>Entry` messages nested
 * in the field's message (and its options are unreliable), so the naming rule
 * protoc follows is what identifies them.
 */
export function mapEntryOf(field: protobuf.Field): protobuf.Type | undefined {
  field.resolve();
  const type = field.resolvedType;
  if (!(type instanceof protobuf.Type) || !field.repeated || type.parent !== field.parent) return undefined;
  const expected = `${field.name.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())}Entry`;
  return type.name === expected && type.fieldsArray.length === 2 ? type : undefined;
}
