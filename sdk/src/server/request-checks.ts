import protobuf from "protobufjs";
import { lookupService, mapEntryOf } from "../contracts/descriptor-set.js";
import { StrataError, type FieldViolation } from "../errors/strata-error.js";
import { ID_RULE, isValidId } from "./id-rules.js";

const requestTypes = new Map<string, protobuf.Type | undefined>();

/** The request type of a method path, from the contracts' descriptors (cached: it is on every call). */
export function requestTypeOf(path: string): protobuf.Type | undefined {
  if (!requestTypes.has(path)) requestTypes.set(path, lookupRequestType(path));
  return requestTypes.get(path);
}

function lookupRequestType(path: string): protobuf.Type | undefined {
  const [, service, method] = path.split("/");
  try {
    const m = lookupService(service!)?.methods[method!];
    m?.resolve();
    return m?.resolvedRequestType ?? undefined;
  } catch {
    return undefined;
  }
}

/** A request's payload: its one top-level bytes field, by proto name and by the decoded object's key. */
export interface PayloadField {
  name: string;
  key: string;
}

const payloadFields = new Map<protobuf.Type, PayloadField | undefined>();

/**
 * The payload field of a request type: its only top-level `bytes` field (the
 * data a data-path request carries, such as a block write's data); undefined
 * when it has none or several.
 */
export function payloadFieldOf(type: protobuf.Type): PayloadField | undefined {
  if (!payloadFields.has(type)) {
    const bytes = type.fieldsArray.filter((f) => f.type === "bytes" && !f.repeated && !f.map);
    payloadFields.set(type, bytes.length === 1 ? { name: bytes[0]!.name, key: camel(bytes[0]!.name) } : undefined);
  }
  return payloadFields.get(type);
}

/** How to check one field: its enum values, its ids, or the checks of the message it holds. */
interface FieldCheck {
  key: string;
  name: string;
  container: "single" | "list" | "map";
  /** The values of the field's enum. */
  defined?: ReadonlySet<number>;
  /** The field holds ids: `id`, `*_id`, or a repeated `*_ids`. */
  id?: true;
  nested?: protobuf.Type;
}

const plans = new Map<protobuf.Type, FieldCheck[]>();

/** True for a string field that names ids by the standard's convention. */
function isIdField(field: protobuf.Field, container: FieldCheck["container"]): boolean {
  if (field.type !== "string" || container === "map") return false;
  return field.name === "id" || field.name.endsWith("_id") || (container === "list" && field.name.endsWith("_ids"));
}

/**
 * The fields of a type worth visiting, computed once per type: enums, ids,
 * and messages that nest either somewhere. Other scalars are never visited,
 * which keeps the check off the data path's profile.
 */
function planOf(type: protobuf.Type, visiting = new Set<protobuf.Type>()): FieldCheck[] {
  const cached = plans.get(type);
  if (cached) return cached;
  visiting.add(type);
  const plan: FieldCheck[] = [];
  for (const field of type.fieldsArray) {
    field.resolve();
    // Maps arrive from descriptors as repeated *Entry messages; ts-proto gives an object.
    const entry = mapEntryOf(field)?.fieldsArray.find((f) => f.id === 2);
    entry?.resolve();
    const element = entry ? entry.resolvedType : field.resolvedType;
    const container = entry || field.map ? "map" : field.repeated ? "list" : "single";
    const check = { key: camel(field.name), name: field.name, container } as const;
    if (element instanceof protobuf.Enum) {
      plan.push({ ...check, defined: new Set(Object.values(element.values)) });
    } else if (isIdField(field, container)) {
      plan.push({ ...check, id: true });
    } else if (element instanceof protobuf.Type && !visiting.has(element) && planOf(element, visiting).length > 0) {
      plan.push({ ...check, nested: element });
    }
  }
  visiting.delete(type);
  plans.set(type, plan);
  return plan;
}

/**
 * What the kit checks in every decoded (ts-proto) request before a handler
 * sees it, one violation per offending field, named by proto path:
 * - every enum field holds a value the contract defines (proto3 keeps unknown
 *   numbers, and a vendor must never see them);
 * - every id field (`id`, `*_id`, repeated `*_ids`), at any depth, is empty
 *   or follows the one id rule (1 to 128 characters of [A-Za-z0-9._-]), so
 *   that no handler ever copies a made-up id into an answer. The value is
 *   never echoed. Fields the service declares free text are left to it.
 */
export function requestViolations(
  type: protobuf.Type, message: unknown, freeText: ReadonlySet<string> = NONE, prefix = "",
): FieldViolation[] {
  const violations: FieldViolation[] = [];
  if (!message || typeof message !== "object") return violations;
  for (const check of planOf(type)) {
    const value = (message as Record<string, unknown>)[check.key];
    if (value === undefined || value === null) continue;
    const path = prefix + check.name;
    const values = check.container === "map" ? Object.values(value as object) : check.container === "list" ? (value as unknown[]) : [value];
    if (check.id) {
      if (!freeText.has(check.name) && values.some((v) => v !== "" && !isValidId(v as string))) violations.push({ field: path, description: ID_RULE });
      continue;
    }
    for (const v of values) {
      if (check.defined && !check.defined.has(v as number)) violations.push({ field: path, description: `unknown enum value ${String(v)}` });
      if (check.nested) violations.push(...requestViolations(check.nested, v, freeText, `${path}.`));
    }
  }
  return violations;
}

const NONE: ReadonlySet<string> = new Set();

/** INVALID_ARGUMENT for bytes that are not a message of the method's request type. */
export function decodeFailure(type: protobuf.Type | undefined, bytes: Buffer): StrataError {
  const name = type ? type.fullName.slice(1) : "request message";
  try {
    type?.decode(bytes);
  } catch (cause) {
    return StrataError.invalidArgument("request", `not a valid ${name}: ${(cause as Error).message}`);
  }
  return StrataError.invalidArgument("request", `not a valid ${name}`);
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
