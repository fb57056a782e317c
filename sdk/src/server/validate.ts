import { StrataError, type FieldViolation } from "../errors/strata-error.js";
import { APPLICATION_ID_RULE, ID_RULE, isValidApplicationId, isValidId } from "./id-rules.js";

/**
 * Collects field violations so that one answer names every bad field
 * (INVALID_ARGUMENT with a BadRequest entry per field).
 *
 * @example
 * validate().id("name", request.name).size("capacity_bytes", request.capacityBytes, 512n).throwIfAny();
 */
export class Violations {
  private readonly list: FieldViolation[] = [];

  add(field: string, description: string): this {
    this.list.push({ field, description });
    return this;
  }

  /** An id-like field: non-empty (unless not required), at most 128 bytes of [A-Za-z0-9._-]. */
  id(field: string, value: string, required = true): this {
    if (value === "") return required ? this.add(field, "is required") : this;
    if (!isValidId(value)) this.add(field, ID_RULE);
    return this;
  }

  /** An application id (WorkloadRef.application_id): an id not starting with the reserved "strata.". */
  application(field: string, value: string, required = true): this {
    if (value === "") return required ? this.add(field, "is required") : this;
    if (!isValidApplicationId(value)) this.add(field, APPLICATION_ID_RULE);
    return this;
  }

  /** A required opaque string field, at most max bytes. */
  text(field: string, value: string, max = 256): this {
    if (value === "") return this.add(field, "is required");
    if (Buffer.byteLength(value) > max) this.add(field, `must be at most ${max} bytes`);
    return this;
  }

  /** A size: greater than 0, a multiple of `unit`, at least `minimum`. */
  size(field: string, value: bigint, unit: bigint, minimum = unit): this {
    if (value <= 0n) return this.add(field, "must be greater than 0");
    if (value % unit !== 0n) return this.add(field, `must be a multiple of ${unit}`);
    if (value < minimum) this.add(field, `must be at least ${minimum}`);
    return this;
  }

  /** A count from `minimum` to `maximum`. */
  range(field: string, value: number | bigint, minimum: number | bigint, maximum: number | bigint): this {
    if (value < minimum) return this.add(field, minimum === 1 || minimum === 1n ? "must be at least 1" : `must be at least ${minimum}`);
    if (value > maximum) this.add(field, `must be at most ${maximum}`);
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
