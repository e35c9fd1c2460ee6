import { isRowError } from './database-errors';

/**
 * Gathers the writes made in one turn of the event loop into one statement (one round trip, one
 * commit): at load, the ledger costs a statement per batch instead of one per send. While
 * `maxInFlight` batches run, new writes wait and join the next batch, so batches grow as the
 * database slows down instead of queueing statements.
 *
 * One bad row fails only itself: a batch refused for a row's values (text PostgreSQL cannot
 * store, say) is written again one row at a time, so every other row is still written.
 */
export class WriteBatcher<T> {
  private queue: Array<{ item: T; done: (error?: unknown) => void }> = [];
  private scheduled = false;
  private inFlight = 0;

  constructor(
    private readonly write: (items: readonly T[]) => Promise<void>,
    private readonly options: { maxBatch: number; maxInFlight: number },
  ) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, done: (error) => (error === undefined ? resolve() : reject(error)) });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      this.inFlight += 1;
      this.write(batch.map((entry) => entry.item)).then(
        () => this.finish(batch),
        (error: unknown) => {
          if (batch.length > 1 && isRowError(error)) void this.oneByOne(batch);
          else this.finish(batch, error ?? new Error('ledger write failed'));
        },
      );
    }
  }

  /** Each write of a refused batch on its own, in order: each settles with its own outcome. */
  private async oneByOne(batch: ReadonlyArray<{ item: T; done: (error?: unknown) => void }>) {
    for (const entry of batch) {
      try {
        await this.write([entry.item]);
        entry.done();
      } catch (error) {
        entry.done(error ?? new Error('ledger write failed'));
      }
    }
    this.finish([]);
  }

  private finish(batch: ReadonlyArray<{ done: (error?: unknown) => void }>, error?: unknown): void {
    this.inFlight -= 1;
    for (const entry of batch) entry.done(error);
    if (this.queue.length > 0) this.schedule();
  }
}
