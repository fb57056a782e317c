import { StrataError, type FieldViolation } from "../../errors/strata-error.js";

const ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/** Collects field violations so one answer names every bad field. */
export class Violations {
  private readonly list: FieldViolation[] = [];

  add(field: string, description: string): this {
    this.list.push({ field, description });
    return this;
  }

  /** A required id-like field: non-empty, at most 128 bytes of [A-Za-z0-9._-]. */
  id(field: string, value: string, required = true): this {
    if (value === "") return required ? this.add(field, "is required") : this;
    if (!ID_PATTERN.test(value)) this.add(field, "must be 1 to 128 characters of [A-Za-z0-9._-]");
    return this;
  }

  /** A required opaque string field, at most max bytes. */
  text(field: string, value: string, max = 256): this {
    if (value === "") return this.add(field, "is required");
    if (Buffer.byteLength(value) > max) this.add(field, `must be at most ${max} bytes`);
    return this;
  }

  /** A size in bytes: positive and a multiple of 512. */
  blockSize(field: string, value: bigint): this {
    if (value <= 0n) return this.add(field, "must be greater than 0");
    if (value % 512n !== 0n) this.add(field, "must be a multiple of 512");
    return this;
  }

  /** Throws INVALID_ARGUMENT naming every violation collected, if any. */
  throwIfAny(): void {
    if (this.list.length > 0) throw StrataError.invalidFields(this.list);
  }
}

/** Starts a validation. */
export function validate(): Violations {
  return new Violations();
}
