/**
 * Runs one piece of work at a time per key, and work of different keys side
 * by side: a kit serialises the state changes of one resource (start, stop,
 * resize) without holding up the others. Keys are forgotten once idle.
 *
 * @example
 * const serial = createKeyedMutex();
 * await serial(resourceId, () => backend.stop(resource));
 */
export function createKeyedMutex(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return (key, work) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
