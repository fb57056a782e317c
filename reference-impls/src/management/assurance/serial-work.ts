/** Work run one piece after another, in the order it was handed in; a piece that fails does not stop the rest. */
export interface SerialWork {
  enqueue(work: () => Promise<void>): void;
  /** Resolves once everything handed in so far has run. */
  idle(): Promise<void>;
}

export function createSerialWork(): SerialWork {
  let queue: Promise<void> = Promise.resolve();
  return {
    enqueue(work) {
      queue = queue.then(work).catch(() => {});
    },
    idle: () => queue,
  };
}
