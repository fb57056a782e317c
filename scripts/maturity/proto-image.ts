import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema, type FileDescriptorSet } from "@bufbuild/protobuf/wkt";

/** The repository root, whose node_modules holds buf. */
export const REPO = resolve(import.meta.dirname, "..", "..");
const BUF = join(REPO, "node_modules", ".bin", "buf");

/** Runs buf in `dir` (a checkout, or a scratch copy of one); buf's own output goes to this process's. */
export function runBuf(dir: string, args: string[]): number {
  return spawnSync(BUF, args, { cwd: dir, stdio: "inherit" }).status ?? 1;
}

/** Builds the image of the contracts under `dir`/proto/strata into `out` (with comments: source_code_info). */
export function buildImage(dir: string, out: string): void {
  if (runBuf(dir, ["build", "--path", "proto/strata", "-o", out]) !== 0) {
    throw new Error(`buf build failed for the contracts in ${dir}`);
  }
}

/**
 * Reads a buf image as a FileDescriptorSet: an image is one on the wire, and
 * the fields buf adds to each file (whether it is an import) survive a read
 * and a write as unknown fields.
 */
export function readImage(path: string): FileDescriptorSet {
  return fromBinary(FileDescriptorSetSchema, readFileSync(path));
}

export function writeImage(path: string, set: FileDescriptorSet): void {
  writeFileSync(path, toBinary(FileDescriptorSetSchema, set));
}
