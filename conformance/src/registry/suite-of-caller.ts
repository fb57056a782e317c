/**
 * The suite a check belongs to is the file that registers it:
 * `…/common/identity.ts` → "common/identity", `…/layers/storage/volumes.ts`
 * (or `.js` once built) → "storage/volumes". Read from the stack so that a
 * suite file holds nothing but `check(...)` calls.
 */
export function suiteOfCaller(): string | undefined {
  const stack = new Error().stack ?? "";
  const match = /[\\/](?:(common)|layers[\\/]([\w-]+))[\\/]([\w-]+)\.[cm]?[jt]s[?:]/.exec(stack);
  return match ? `${match[1] ?? match[2]}/${match[3]}` : undefined;
}
