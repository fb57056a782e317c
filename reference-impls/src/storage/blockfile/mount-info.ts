import { readFile } from "node:fs/promises";

/** One line of /proc/self/mountinfo, the fields placement reports. */
export interface MountEntry {
  /** The device number as "major:minor". */
  device: string;
  mountPoint: string;
  fsType: string;
  /** What is mounted, for example /dev/sda1 or tmpfs. */
  source: string;
}

/** Parses /proc/self/mountinfo (proc(5)); malformed lines are skipped. */
export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split("\n")) {
    const fields = line.split(" ");
    const separator = fields.indexOf("-", 6);
    if (separator < 0 || fields.length < separator + 3) continue;
    entries.push({
      device: fields[2]!, mountPoint: unescape(fields[4]!), fsType: fields[separator + 1]!, source: unescape(fields[separator + 2]!),
    });
  }
  return entries;
}

/**
 * The mount of device `device` ("major:minor") that holds `path` (the
 * longest mount point containing it), or undefined when mountinfo is not
 * readable (not Linux, no /proc).
 */
export async function findMount(device: string, path: string): Promise<MountEntry | undefined> {
  let text: string;
  try {
    text = await readFile("/proc/self/mountinfo", "utf8");
  } catch {
    return undefined;
  }
  const candidates = parseMountInfo(text).filter((m) => m.device === device);
  const containing = candidates.filter((m) => path === m.mountPoint || path.startsWith(m.mountPoint.endsWith("/") ? m.mountPoint : `${m.mountPoint}/`));
  return containing.sort((a, b) => b.mountPoint.length - a.mountPoint.length)[0] ?? candidates[0];
}

/** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
