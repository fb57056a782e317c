import { Violations } from "../../server/violations.js";

/** The generic field checks, plus the storage layer's block sizes. */
export class StorageViolations extends Violations {
  /** A size in bytes: positive and a multiple of 512. */
  blockSize(field: string, value: bigint): this {
    if (value <= 0n) return this.add(field, "must be greater than 0");
    if (value % 512n !== 0n) this.add(field, "must be a multiple of 512");
    return this;
  }
}

/** Starts a validation of a storage request. */
export function validate(): StorageViolations {
  return new StorageViolations();
}
