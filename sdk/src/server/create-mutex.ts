/**
 * A promise chain that runs one piece of work at a time: a kit serialises
 * its catalogue changes with it, so that concurrent creates of one name
 * cannot race.
 *
 * @example
 * const exclusive = createMutex();
 * await exclusive(async () => { if (!catalog.has(name)) catalog.add(name); });
 */
export function createMutex(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };
}
