import protobuf from "protobufjs";
import { lookupService, mapEntryOf } from "../contracts/descriptor-set.js";
import { StrataError, type FieldViolation } from "../errors/strata-error.js";

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

/** How to check one field that holds (or may nest) enum values. */
interface EnumCheck {
  key: string;
  name: string;
  container: "single" | "list" | "map";
  defined?: ReadonlySet<number>;
  nested?: protobuf.Type;
}

const plans = new Map<protobuf.Type, EnumCheck[]>();

/**
 * The fields of a type worth visiting, computed once per type: enums, and
 * messages that nest enums somewhere. Scalars are never visited, which keeps
 * the check off the data path's profile.
 */
function planOf(type: protobuf.Type, visiting = new Set<protobuf.Type>()): EnumCheck[] {
  const cached = plans.get(type);
  if (cached) return cached;
  visiting.add(type);
  const plan: EnumCheck[] = [];
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
    } else if (element instanceof protobuf.Type && !visiting.has(element) && planOf(element, visiting).length > 0) {
      plan.push({ ...check, nested: element });
    }
  }
  visiting.delete(type);
  plans.set(type, plan);
  return plan;
}

/**
 * Every enum field of a decoded (ts-proto) request must hold a value the
 * contract defines: proto3 keeps unknown numbers, and a vendor must never see
 * them. Returns a violation per offending field, named by proto path.
 */
export function unknownEnumViolations(type: protobuf.Type, message: unknown, prefix = ""): FieldViolation[] {
  const violations: FieldViolation[] = [];
  if (!message || typeof message !== "object") return violations;
  for (const check of planOf(type)) {
    const value = (message as Record<string, unknown>)[check.key];
    if (value === undefined || value === null) continue;
    const path = prefix + check.name;
    const values = check.container === "map" ? Object.values(value as object) : check.container === "list" ? (value as unknown[]) : [value];
    for (const v of values) {
      if (check.defined && !check.defined.has(v as number)) violations.push({ field: path, description: `unknown enum value ${String(v)}` });
      if (check.nested) violations.push(...unknownEnumViolations(check.nested, v, `${path}.`));
    }
  }
  return violations;
}

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
