import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import descriptorExt from "protobufjs/ext/descriptor/index.js";

/** Path of the FileDescriptorSet of every Strata contract, built by `npm run proto:gen`. */
export const descriptorSetPath = fileURLToPath(new URL("../gen/strata.binpb", import.meta.url));

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
