import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { FileDescriptorSet } from "@bufbuild/protobuf/wkt";
import { buildImage, readImage } from "./proto-image.js";

/**
 * The image buf builds from proto files given as text (paths under proto/,
 * for example "strata/demo/v1/demo.proto"): real contracts for the specs,
 * written in a scratch module that is removed again.
 */
export function imageOf(files: Record<string, string>): FileDescriptorSet {
  const dir = mkdtempSync(join(tmpdir(), "strata-maturity-spec-"));
  try {
    writeFileSync(join(dir, "buf.yaml"), "version: v2\nmodules:\n  - path: proto\n");
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, "proto", path)), { recursive: true });
      writeFileSync(join(dir, "proto", path), text);
    }
    buildImage(dir, join(dir, "image.binpb"));
    return readImage(join(dir, "image.binpb"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
