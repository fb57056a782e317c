/**
 * The suite a check belongs to is the file that registers it:
 * `…/common/identity.ts` → "common/identity", `…/layers/<layer>/<file>.ts`
 * (or `.js` once built) → "<layer>/<file>". Read from the stack so that a
 * suite file holds nothing but `check(...)` calls.
 */
export function suiteOfCaller(): string | undefined {
  const stack = new Error().stack ?? "";
  const match = /[\\/](?:(common)|layers[\\/]([\w-]+))[\\/]([\w-]+)\.[cm]?[jt]s[?:]/.exec(stack);
  return match ? `${match[1] ?? match[2]}/${match[3]}` : undefined;
}
