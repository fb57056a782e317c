/** Items grouped by their suite, suites in first-seen order. */
export function groupBySuite<T extends { suite: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.suite, [...(groups.get(item.suite) ?? []), item]);
  return groups;
}
