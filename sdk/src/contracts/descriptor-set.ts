import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import descriptorExt from "protobufjs/ext/descriptor/index.js";

/** Path of the FileDescriptorSet of every Strata contract, built by `npm run proto:gen`. */
export const descriptorSetPath = [
  new URL("../gen/strata.binpb", import.meta.url), // from src/contracts
  new URL("../../src/gen/strata.binpb", import.meta.url), // from dist/contracts
].map((u) => fileURLToPath(u)).find((p) => existsSync(p)) ?? "strata.binpb (missing: run npm run proto:gen)";

/** The raw FileDescriptorSet bytes (served by reflection, used by tools). */
export function readDescriptorSet(): Buffer {
  return readFileSync(descriptorSetPath);
}

let root: protobuf.Root | undefined;

/** A protobufjs Root of every Strata contract, for reflection over fields. */
export function contractsRoot(): protobuf.Root {
  if (!root) {
    const set = descriptorExt.FileDescriptorSet.decode(readDescriptorSet());
    root = (protobuf.Root as unknown as { fromDescriptor(set: unknown): protobuf.Root }).fromDescriptor(set);
    root.resolveAll();
  }
  return root;
}
