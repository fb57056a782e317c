import protobuf from "protobufjs";
import { contractsRoot, mapEntryOf } from "../contracts/descriptor-set.js";
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
    const svc = contractsRoot().lookupService(service!);
    const m = svc.methods[method!];
    m?.resolve();
    return m?.resolvedRequestType ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every enum field of a decoded (ts-proto) request must hold a value the
 * contract defines: proto3 keeps unknown numbers, and a vendor must never see
 * them. Returns a violation per offending field, named by proto path.
 */
export function unknownEnumViolations(type: protobuf.Type, message: unknown, prefix = ""): FieldViolation[] {
  const violations: FieldViolation[] = [];
  if (!message || typeof message !== "object") return violations;
  for (const field of type.fieldsArray) {
    field.resolve();
    const value = (message as Record<string, unknown>)[camel(field.name)];
    if (value === undefined || value === null) continue;
    const path = prefix + field.name;
    // Maps arrive from descriptors as repeated *Entry messages; ts-proto gives an object.
    const entry = mapEntryOf(field)?.fieldsArray.find((f) => f.id === 2);
    entry?.resolve();
    const elementType = entry ? entry.resolvedType : field.resolvedType;
    const values = entry || field.map ? Object.values(value as object) : field.repeated ? (value as unknown[]) : [value];
    if (elementType instanceof protobuf.Enum) {
      const defined = new Set(Object.values(elementType.values));
      for (const v of values) {
        if (!defined.has(v as number)) violations.push({ field: path, description: `unknown enum value ${String(v)}` });
      }
    } else if (elementType instanceof protobuf.Type) {
      for (const v of values) violations.push(...unknownEnumViolations(elementType, v, `${path}.`));
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
