export const CANCELLED = Symbol('cancelled');

/** Settles when the stream's consumer has returned it. */
export type Cancelled = Promise<typeof CANCELLED>;

/**
 * A stream that stops when its consumer returns it, even while it waits. A plain async generator
 * only sees `return()` at its next `yield`: a subscription waiting for a reply would go on
 * polling Intercom (and on holding its listeners) long after its client left. `run` races what
 * it waits for against `cancelled` and ends when that wins.
 */
export function cancellable<T>(
  run: (cancelled: Cancelled) => AsyncGenerator<T>,
): AsyncGenerator<T> {
  let cancel!: () => void;
  const cancelled: Cancelled = new Promise((resolve) => {
    cancel = () => resolve(CANCELLED);
  });
  const inner = run(cancelled);
  const outer = {
    next: () => inner.next(),
    return: (value?: unknown) => {
      cancel();
      return inner.return(value as never);
    },
    throw: (error?: unknown) => {
      cancel();
      return inner.throw(error);
    },
    [Symbol.asyncIterator]: () => outer,
  };
  return outer as unknown as AsyncGenerator<T>;
}
