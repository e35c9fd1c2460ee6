export const CANCELLED = Symbol('cancelled');

/** The consumer's return of a stream, as what a wait in the stream can end with. */
export interface Cancelled {
  /**
   * The first of `pending` to settle, or CANCELLED once the stream's consumer has returned it.
   * Nothing stays attached to the cancellation once the wait is over: a stream that waits again
   * and again for as long as it lives (a batch's progress, a conversation's updates) does not
   * pile up a reaction per wait until its end.
   */
  race<T>(pending: ReadonlyArray<Promise<T>>): Promise<T | typeof CANCELLED>;
}

/**
 * A stream that stops when its consumer returns it, even while it waits. A plain async generator
 * only sees `return()` at its next `yield`: a subscription waiting for a reply would go on
 * polling Intercom (and on holding its listeners) long after its client left. `run` races what
 * it waits for against `cancelled` and ends when that wins.
 */
export function cancellable<T>(
  run: (cancelled: Cancelled) => AsyncGenerator<T>,
): AsyncGenerator<T> {
  const consumerLeft = new AbortController();
  const { signal } = consumerLeft;
  const cancelled: Cancelled = {
    race<R>(pending: ReadonlyArray<Promise<R>>): Promise<R | typeof CANCELLED> {
      if (signal.aborted) {
        // Not raced, so not listened to: one that fails later must not be a rejection nobody
        // handles (the process stops on those).
        for (const promise of pending) promise.catch(() => undefined);
        return Promise.resolve(CANCELLED);
      }
      return new Promise<R | typeof CANCELLED>((resolve, reject) => {
        const onCancel = () => resolve(CANCELLED);
        signal.addEventListener('abort', onCancel, { once: true });
        Promise.race(pending).then(
          (value) => {
            signal.removeEventListener('abort', onCancel);
            resolve(value);
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onCancel);
            reject(error);
          },
        );
      });
    },
  };
  const inner = run(cancelled);
  const outer = {
    next: () => inner.next(),
    return: (value?: unknown) => {
      consumerLeft.abort();
      return inner.return(value as never);
    },
    throw: (error?: unknown) => {
      consumerLeft.abort();
      return inner.throw(error);
    },
    [Symbol.asyncIterator]: () => outer,
  };
  return outer as unknown as AsyncGenerator<T>;
}
