import { isFieldSet } from "@bufbuild/protobuf";
import {
  FieldDescriptorProtoSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FileDescriptorProto,
  type FileDescriptorSet,
} from "@bufbuild/protobuf/wkt";
import { moreMature, type ElementKind, type Maturity, type ProtoElement } from "./maturity.js";
import { parseMaturityTag } from "./parse-maturity-tag.js";

/** Every element of the Strata files of an image with its maturity, and the rules the tags break. */
export interface MaturityIndex {
  /** Packages first, then every element in declaration order. */
  elements: ProtoElement[];
  /** The maturity of an element by full name (see ProtoElement.name). */
  maturityOf(name: string): Maturity | undefined;
  /** Each broken rule, naming its file and element; empty when every maturity is known. */
  errors: string[];
}

export interface MaturityIndexOptions {
  /**
   * The maturity of a package whose files state none. Without it a file whose
   * package statement has no tag is an error; only images made before the tags
   * existed (an old baseline) are read with it.
   */
  untaggedPackage?: Maturity;
}

/** The files of the standard, as opposed to the google/rpc files they import. */
export const isStrataFile = (file: FileDescriptorProto): boolean => file.name.startsWith("strata/");

const PACKAGE_PATH = [2];
const MESSAGE = 4, ENUM = 5, SERVICE = 6; // FileDescriptorProto
const FIELD = 2, NESTED = 3, NESTED_ENUM = 4, ONEOF = 8; // DescriptorProto
const VALUE = 2, METHOD = 2; // EnumDescriptorProto, ServiceDescriptorProto

/**
 * Reads the maturity of every element from the `Maturity: <m>.` tags of the
 * leading comments (source_code_info) of a buf image or FileDescriptorSet.
 *
 * Rules (docs/overview.md, "Versioning and maturity"): every file states its
 * package's maturity on its `package` statement and the files of a package
 * agree; an element without a tag has the maturity of the element that holds
 * it (a field its oneof or message, an enum value its enum, an rpc its service,
 * a top-level message, enum or service its package); an element held by a
 * message, enum, oneof or service is never more mature than its holder; a
 * stable field's type, a stable rpc's request and response, and the zero value
 * of a stable enum are stable.
 */
export function createMaturityIndex(set: FileDescriptorSet, options: MaturityIndexOptions = {}): MaturityIndex {
  const files = set.file.filter(isStrataFile);
  const elements = new Map<string, ProtoElement>();
  const errors: string[] = [];
  const mapValueTypes = new Map<string, string>();
  const typeRefs: Array<{ element: ProtoElement; type: string }> = [];

  addPackages(files, options, elements, errors);
  for (const file of files) {
    const comments = new Map(
      (file.sourceCodeInfo?.location ?? []).map((l) => [l.path.join(","), l.leadingComments] as const),
    );
    const add = (name: string, kind: ElementKind, path: number[], parent: ProtoElement, capped: boolean) => {
      const tag = parseMaturityTag(comments.get(path.join(",")));
      if (tag.error) errors.push(`${file.name}: ${kind} ${name}: ${tag.error}`);
      const maturity = tag.maturity ?? parent.maturity;
      if (capped && moreMature(maturity, parent.maturity)) {
        errors.push(
          `${file.name}: ${kind} ${name} is ${maturity} but the ${parent.kind} ${parent.name} that holds it is ` +
            `${parent.maturity}: an element is never more mature than what holds it`,
        );
      }
      const element: ProtoElement = { name, kind, maturity, stated: tag.maturity !== undefined, parent: parent.name, file: file.name };
      elements.set(name, element);
      return element;
    };

    const visitEnum = (e: EnumDescriptorProto, path: number[], parent: ProtoElement, capped: boolean) => {
      const en = add(`${parent.name}.${e.name}`, "enum", path, parent, capped);
      const values = e.value.map((v, j) => add(`${en.name}.${v.name}`, "enum value", [...path, VALUE, j], en, true));
      if (en.maturity === "stable" && values[0] && values[0].maturity !== "stable") {
        errors.push(`${file.name}: enum value ${values[0].name} is the zero value of the stable enum ${en.name}: it is stable too`);
      }
    };

    const visitMessage = (m: DescriptorProto, path: number[], parent: ProtoElement, capped: boolean) => {
      const name = `${parent.name}.${m.name}`;
      if (m.options?.mapEntry) {
        // A map's entry is part of its field: it has the field's maturity.
        mapValueTypes.set(`.${name}`, m.field.find((f) => f.name === "value")?.typeName ?? "");
        return;
      }
      const message = add(name, "message", path, parent, capped);
      const oneofs = m.oneofDecl.map((o, k) =>
        m.field.some((f) => f.proto3Optional && f.oneofIndex === k)
          ? undefined // the synthetic oneof of a proto3 `optional` field is part of that field
          : add(`${name}.${o.name}`, "oneof", [...path, ONEOF, k], message, true),
      );
      m.field.forEach((f, i) => {
        const inOneof = isFieldSet(f, FieldDescriptorProtoSchema.field.oneofIndex) ? oneofs[f.oneofIndex] : undefined;
        const field = add(`${name}.${f.name}`, "field", [...path, FIELD, i], inOneof ?? message, true);
        if (f.typeName) typeRefs.push({ element: field, type: f.typeName });
      });
      m.nestedType.forEach((n, i) => visitMessage(n, [...path, NESTED, i], message, true));
      m.enumType.forEach((e, i) => visitEnum(e, [...path, NESTED_ENUM, i], message, true));
    };

    const pkg = elements.get(file.package)!;
    file.messageType.forEach((m, i) => visitMessage(m, [MESSAGE, i], pkg, false));
    file.enumType.forEach((e, i) => visitEnum(e, [ENUM, i], pkg, false));
    file.service.forEach((s, i) => {
      const service = add(`${pkg.name}.${s.name}`, "service", [SERVICE, i], pkg, false);
      s.method.forEach((m, j) => {
        const rpc = add(`${service.name}.${m.name}`, "rpc", [SERVICE, i, METHOD, j], service, true);
        typeRefs.push({ element: rpc, type: m.inputType }, { element: rpc, type: m.outputType });
      });
    });
  }

  for (const { element, type } of typeRefs) {
    if (element.maturity !== "stable") continue;
    const resolved = (mapValueTypes.get(type) ?? type).replace(/^\./, "");
    const target = elements.get(resolved);
    if (target && target.maturity !== "stable") {
      errors.push(
        `${element.file}: ${element.kind} ${element.name} is stable but uses ${target.kind} ${target.name}, ` +
          `which is ${target.maturity}: a stable element uses only stable types`,
      );
    }
  }

  const list = [...elements.values()];
  return {
    elements: [...list.filter((e) => e.kind === "package"), ...list.filter((e) => e.kind !== "package")],
    maturityOf: (name) => elements.get(name)?.maturity,
    errors,
  };
}

function addPackages(
  files: FileDescriptorProto[],
  options: MaturityIndexOptions,
  elements: Map<string, ProtoElement>,
  errors: string[],
): void {
  const stated = new Map<string, Array<{ file: string; maturity: Maturity }>>();
  for (const file of files) {
    const comment = file.sourceCodeInfo?.location.find((l) => l.path.join(",") === PACKAGE_PATH.join(","));
    const tag = parseMaturityTag(comment?.leadingComments);
    const list = stated.get(file.package) ?? [];
    stated.set(file.package, list);
    if (tag.error) errors.push(`${file.name}: package ${file.package}: ${tag.error}`);
    if (tag.maturity) list.push({ file: file.name, maturity: tag.maturity });
    else if (!tag.error && !options.untaggedPackage) {
      errors.push(
        `${file.name}: the package statement states no maturity: add a line "Maturity: <development|beta|stable>." ` +
          `to the comment above "package ${file.package};"`,
      );
    }
  }
  for (const [pkg, list] of stated) {
    const distinct = [...new Set(list.map((s) => s.maturity))];
    if (distinct.length > 1) {
      errors.push(`package ${pkg}: its files disagree on its maturity (${list.map((s) => `${s.file}: ${s.maturity}`).join(", ")})`);
    }
    elements.set(pkg, {
      name: pkg,
      kind: "package",
      // "development" only stands in while errors are reported: it is never stable.
      maturity: list[0]?.maturity ?? options.untaggedPackage ?? "development",
      stated: list.length > 0,
      file: list[0]?.file ?? files.find((f) => f.package === pkg)!.name,
    });
  }
}
