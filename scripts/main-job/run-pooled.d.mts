/** Runs `tasks` at most `limit` at a time; their results in the order of `tasks`. */
export function runPooled<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]>;
/** `--concurrency N`, else STRATA_CI_CONCURRENCY, else `fallback`; throws on anything but a whole number ≥ 1. */
export function concurrencyOf(fallback: number): number;
