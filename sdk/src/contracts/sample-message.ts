import protobuf from "protobufjs";
import { mapEntryOf } from "./descriptor-set.js";

/**
 * Builds a message of the given type with every field set to a non-default
 * value, in the shape ts-proto uses (camelCase keys, bigints for 64-bit
 * integers, Buffers for bytes, the first set member of each oneof). Used to
 * prove that every contract message survives an encode/decode round trip.
 */
export function sampleMessage(type: protobuf.Type, seed = 1, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seenOneofs = new Set<string>();
  for (const field of type.fieldsArray) {
    if (field.partOf) {
      if (seenOneofs.has(field.partOf.name)) continue;
      seenOneofs.add(field.partOf.name);
    }
    const value = sampleField(field, seed + field.id, depth);
    if (value !== undefined) out[camel(field.name)] = value;
  }
  return out;
}

function sampleField(field: protobuf.Field, seed: number, depth: number): unknown {
  field.resolve();
  const mapEntry = mapEntryOf(field);
  if (mapEntry) {
    const [keyField, valueField] = [1, 2].map((id) => mapEntry.fieldsArray.find((f) => f.id === id)!);
    const key = sampleScalar(keyField!.type, seed);
    return { [String(key)]: sampleValue(valueField!, seed + 1, depth) };
  }
  if (field.repeated) return [sampleValue(field, seed, depth), sampleValue(field, seed + 7, depth)];
  return sampleValue(field, seed, depth);
}

function sampleValue(field: protobuf.Field, seed: number, depth: number): unknown {
  field.resolve();
  if (field.resolvedType instanceof protobuf.Enum) {
    const values = Object.values(field.resolvedType.values).filter((v) => v !== 0);
    return values[seed % values.length] ?? 0;
  }
  if (field.resolvedType instanceof protobuf.Type) {
    return depth > 3 ? {} : sampleMessage(field.resolvedType, seed * 3, depth + 1);
  }
  return sampleScalar(field.type, seed);
}

function sampleScalar(type: string, seed: number): unknown {
  switch (type) {
    case "string": return `value-${seed}`;
    case "bytes": return Buffer.from([seed & 0xff, (seed * 7) & 0xff, 0, 255]);
    case "bool": return true;
    case "double": case "float": return seed + 0.5;
    case "int32": case "sint32": case "sfixed32": return -seed;
    case "int64": case "sint64": case "sfixed64": return -BigInt((seed % 9) + 1) * 1_000_000_000_000_000_000n;
    case "uint64": case "fixed64": return BigInt((seed % 9) + 1) * 1_000_000_000_000_000_000n; // beyond 2^53 on purpose
    default: return seed * 1_000_003; // uint32, fixed32
  }
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
