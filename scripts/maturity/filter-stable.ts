import { clone, isFieldSet } from "@bufbuild/protobuf";
import {
  FieldDescriptorProtoSchema,
  FileDescriptorSetSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FileDescriptorSet,
} from "@bufbuild/protobuf/wkt";
import { isStrataFile, type MaturityIndex } from "./create-maturity-index.js";

type IsStable = (name: string) => boolean;
/** Where each element's source_code_info path went: old path → new path, or null when dropped. */
type Moves = Map<string, number[] | null>;
type Kept<T> = Array<{ item: T; from: number[]; to: number[] }>;

const MESSAGE = 4, ENUM = 5, SERVICE = 6; // FileDescriptorProto
const FIELD = 2, NESTED = 3, NESTED_ENUM = 4, ONEOF = 8; // DescriptorProto
const VALUE = 2, METHOD = 2; // EnumDescriptorProto, ServiceDescriptorProto

/**
 * A copy of an image that keeps only the stable elements of the Strata files,
 * so that `buf breaking` on two such copies guards stable elements alone.
 * Every file stays (empty if nothing in it is stable), so imports still
 * resolve; the files of other standards (google/rpc) are kept whole. The
 * comments and positions (source_code_info) of what is kept are re-pointed,
 * so that buf still names the line of a violation.
 */
export function filterStable(set: FileDescriptorSet, index: MaturityIndex): FileDescriptorSet {
  const stable: IsStable = (name) => index.maturityOf(name) === "stable";
  const kept = clone(FileDescriptorSetSchema, set);
  for (const file of kept.file.filter(isStrataFile)) {
    const moves: Moves = new Map();
    const pkg = file.package;
    file.messageType = keepMessages(file.messageType, pkg, [], [], MESSAGE, stable, moves);
    file.enumType = keepEnums(file.enumType, pkg, [], [], ENUM, stable, moves);
    const services = keep(file.service, [], [], SERVICE, (s) => stable(`${pkg}.${s.name}`), moves);
    file.service = services.map((k) => k.item);
    for (const { item: s, from, to } of services) {
      s.method = keep(s.method, from, to, METHOD, (m) => stable(`${pkg}.${s.name}.${m.name}`), moves).map((k) => k.item);
    }
    if (file.sourceCodeInfo) {
      file.sourceCodeInfo.location = file.sourceCodeInfo.location.flatMap((location) => {
        const path = repoint(location.path, moves);
        return path ? [{ ...location, path }] : [];
      });
    }
  }
  return kept;
}

/** The items that pass, each with its old and new source_code_info path; records the moves. */
function keep<T>(items: T[], from: number[], to: number[], tag: number, pass: (item: T, i: number) => boolean, moves: Moves): Kept<T> {
  const kept: Kept<T> = [];
  items.forEach((item, i) => {
    const old = [...from, tag, i];
    const now = pass(item, i) ? [...to, tag, kept.length] : null;
    moves.set(old.join(","), now);
    if (now) kept.push({ item, from: old, to: now });
  });
  return kept;
}

function keepEnums(enums: EnumDescriptorProto[], scope: string, from: number[], to: number[], tag: number, stable: IsStable, moves: Moves) {
  const kept = keep(enums, from, to, tag, (e) => stable(`${scope}.${e.name}`), moves);
  for (const { item: e, from: at, to: now } of kept) {
    e.value = keep(e.value, at, now, VALUE, (v) => stable(`${scope}.${e.name}.${v.name}`), moves).map((k) => k.item);
  }
  return kept.map((k) => k.item);
}

/** `entries`: the map entry types the holder's kept fields use; a map entry stays exactly when its field does. */
function keepMessages(
  messages: DescriptorProto[],
  scope: string,
  from: number[],
  to: number[],
  tag: number,
  stable: IsStable,
  moves: Moves,
  entries = new Set<string>(),
): DescriptorProto[] {
  const pass = (m: DescriptorProto) => (m.options?.mapEntry ? entries.has(`.${scope}.${m.name}`) : stable(`${scope}.${m.name}`));
  const kept = keep(messages, from, to, tag, pass, moves);
  for (const { item: m, from: at, to: now } of kept.filter((k) => !k.item.options?.mapEntry)) {
    const name = `${scope}.${m.name}`;
    m.field = keep(m.field, at, now, FIELD, (f) => stable(`${name}.${f.name}`), moves).map((k) => k.item);
    m.nestedType = keepMessages(m.nestedType, name, at, now, NESTED, stable, moves, new Set(m.field.map((f) => f.typeName)));
    m.enumType = keepEnums(m.enumType, name, at, now, NESTED_ENUM, stable, moves);
    // A oneof stays while a field of it does; its fields then point at its new index.
    const inOneof = m.field.filter((f) => isFieldSet(f, FieldDescriptorProtoSchema.field.oneofIndex));
    const used = new Set(inOneof.map((f) => f.oneofIndex));
    const oneofs = keep(m.oneofDecl, at, now, ONEOF, (_, k) => used.has(k), moves);
    const newIndex = new Map(oneofs.map((k) => [k.from.at(-1)!, k.to.at(-1)!]));
    for (const f of inOneof) f.oneofIndex = newIndex.get(f.oneofIndex)!;
    m.oneofDecl = oneofs.map((k) => k.item);
  }
  return kept.map((k) => k.item);
}

/** A source_code_info path after the moves, or null when it points into a dropped element. */
function repoint(path: number[], moves: Moves): number[] | null {
  let now: number[] = [];
  let depth = 0;
  for (; depth + 2 <= path.length; depth += 2) {
    const key = path.slice(0, depth + 2).join(",");
    if (!moves.has(key)) break; // not an element (a name, a number, options, a reserved range…)
    const moved = moves.get(key);
    if (moved === null) return null;
    now = moved!;
  }
  return [...now, ...path.slice(depth)];
}
