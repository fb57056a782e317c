/** A field, oneof or enum value with its leading comment (the comment's lines joined by newlines). */
export interface Commented {
  readonly name: string;
  readonly comment: string;
  /** For a field inside a oneof: the oneof's name. */
  readonly oneof?: string;
}

/** What a .proto file says in its leading comments. */
export interface ProtoComments {
  /** Messages by name: their comment, their fields (oneof members included, in order) and their oneofs. */
  readonly messages: ReadonlyMap<string, { comment: string; fields: Commented[]; oneofs: Commented[] }>;
  /** Enums by name: their values. */
  readonly enums: ReadonlyMap<string, { comment: string; values: Commented[] }>;
  /** Rpcs by "Service.Rpc". */
  readonly rpcs: ReadonlyMap<string, string>;
}

/**
 * The leading comments of the top-level messages, their fields and oneofs,
 * the enums and their values, and the rpcs of one .proto file, read as text
 * (the contracts keep one declaration a line, as buf format writes them).
 *
 * @example
 * protoComments(read("proto/strata/core/v1/identity.proto")).messages.get("Limits")!.fields[0]
 * // { name: "max_page_size", comment: "The largest page a List RPC returns. At least 1." }
 */
export function protoComments(text: string): ProtoComments {
  const messages = new Map<string, { comment: string; fields: Commented[]; oneofs: Commented[] }>();
  const enums = new Map<string, { comment: string; values: Commented[] }>();
  const rpcs = new Map<string, string>();
  let comment: string[] = [];
  let service = "";
  let message: { comment: string; fields: Commented[]; oneofs: Commented[] } | undefined;
  let enumeration: { comment: string; values: Commented[] } | undefined;
  let depth = 0;
  let oneofName: string | undefined;
  for (const line of text.split("\n")) {
    const commentLine = line.match(/^\s*\/\/ ?(.*)$/);
    if (commentLine) {
      comment.push(commentLine[1]!);
      continue;
    }
    const taken = comment.join("\n");
    comment = [];
    const opened = (line.match(/\{/g) ?? []).length;
    const closed = (line.match(/\}/g) ?? []).length;
    if (depth === 0) {
      const m = line.match(/^(message|enum|service)\s+(\w+)\s*\{/);
      if (m?.[1] === "message") messages.set(m[2]!, (message = { comment: taken, fields: [], oneofs: [] }));
      if (m?.[1] === "enum") enums.set(m[2]!, (enumeration = { comment: taken, values: [] }));
      if (m?.[1] === "service") service = m[2]!;
    } else {
      const rpc = line.match(/^\s*rpc\s+(\w+)\s*\(/);
      const oneof = line.match(/^\s*oneof\s+(\w+)\s*\{/);
      const field = line.match(/^\s*(?:repeated\s+|optional\s+)?(?:map<[^>]+>|[\w.]+)\s+(\w+)\s*=\s*\d+\s*[;[]/);
      const value = line.match(/^\s*([A-Z][A-Z0-9_]*)\s*=\s*-?\d+\s*;/);
      if (rpc && service) rpcs.set(`${service}.${rpc[1]}`, taken);
      else if (oneof && message && depth === 1) message.oneofs.push({ name: (oneofName = oneof[1]!), comment: taken });
      else if (value && enumeration && depth === 1) enumeration.values.push({ name: value[1]!, comment: taken });
      else if (field && message && depth <= 2) message.fields.push({ name: field[1]!, comment: taken, ...(depth === 2 && oneofName ? { oneof: oneofName } : {}) });
    }
    depth += opened - closed;
    if (depth <= 1) oneofName = undefined;
    if (depth === 0) {
      message = undefined;
      enumeration = undefined;
    }
  }
  return { messages, enums, rpcs };
}
