import { StrataError, type FieldViolation } from "../errors/strata-error.js";
import { APPLICATION_ID_RULE, ID_RULE, isValidApplicationId, isValidId } from "./id-rules.js";

/**
 * Collects field violations so that one answer names every bad field
 * (INVALID_ARGUMENT with a BadRequest of all of them).
 *
 * @example
 * validate().id("name", request.name).application("workload.application_id", app).throwIfAny();
 */
export class Violations {
  private readonly list: FieldViolation[] = [];

  add(field: string, description: string): this {
    this.list.push({ field, description });
    return this;
  }

  /** An id-like field: non-empty when required, at most 128 bytes of [A-Za-z0-9._-]. */
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

  /** Throws INVALID_ARGUMENT naming every violation collected, if any. */
  throwIfAny(): void {
    if (this.list.length > 0) throw StrataError.invalidFields(this.list);
  }
}

/** Starts a validation. */
export function validate(): Violations {
  return new Violations();
}
