import { isRowError } from './database-errors';

interface Queued<T> {
  readonly item: T;
  readonly done: (error?: unknown) => void;
  /** Somebody waits for it: it starts a statement (a lazy write joins one). */
  urgent: boolean;
}

export interface WriteBatcherOptions {
  /** Writes in one statement, at most. */
  readonly maxBatch: number;
  /** Statements running at once, at most. */
  readonly maxInFlight: number;
  /**
   * How long a lazy write (one nobody waits for) may wait for a statement to ride along with,
   * at most, before it gets one of its own.
   */
  readonly lingerMs: number;
}

/**
 * Gathers the writes made in one turn of the event loop into one statement (one round trip, one
 * commit): at load, the ledger costs a statement per batch instead of one per send. While
 * `maxInFlight` batches run, new writes wait and join the next batch, so batches grow as the
 * database slows down instead of queueing statements.
 *
 * A lazy write (`lazy: true`) does not start a statement by itself: it joins the next one that
 * starts, or gets its own after `lingerMs`. `written()` is the barrier for readers: it starts
 * every queued write at once and resolves once all those asked for before it are done.
 *
 * One bad row fails only itself: a batch refused for a row's values (text PostgreSQL cannot
 * store, say) is written again one row at a time, so every other row is still written.
 */
export class WriteBatcher<T> {
  private queue: Array<Queued<T>> = [];
  /** Queued writes somebody waits for: while there are none, the queue may linger. */
  private urgent = 0;
  private scheduled = false;
  private lingering: NodeJS.Timeout | undefined;
  private inFlight = 0;
  /** Every write not done yet, queued or in a statement (each resolves, never rejects). */
  private readonly unwritten = new Set<Promise<void>>();

  constructor(
    private readonly write: (items: readonly T[]) => Promise<void>,
    private readonly options: WriteBatcherOptions,
  ) {}

  add(item: T, { lazy = false }: { lazy?: boolean } = {}): Promise<void> {
    let done!: (error?: unknown) => void;
    const outcome = new Promise<void>((resolve, reject) => {
      done = (error) => (error === undefined ? resolve() : reject(error));
    });
    const forget = () => {
      this.unwritten.delete(written);
    };
    const written: Promise<void> = outcome.then(forget, forget);
    this.unwritten.add(written);
    this.queue.push({ item, done, urgent: !lazy });
    if (!lazy) this.urgent += 1;
    this.schedule();
    return outcome;
  }

  /**
   * Resolves once every write asked for so far is done (written or failed): what a reader
   * waits for to see its own replica's writes. Queued writes start at once.
   */
  written(): Promise<void> {
    if (this.unwritten.size === 0) return Promise.resolve();
    this.hurry();
    return Promise.all([...this.unwritten]).then(() => undefined);
  }

  /** Every queued write starts as soon as a statement may. */
  private hurry(): void {
    for (const entry of this.queue) entry.urgent = true;
    this.urgent = this.queue.length;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || this.inFlight >= this.options.maxInFlight) {
      return;
    }
    if (this.urgent === 0 && this.queue.length < this.options.maxBatch) {
      this.lingering ??= setTimeout(() => {
        this.lingering = undefined;
        this.hurry();
      }, this.options.lingerMs);
      return;
    }
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    clearTimeout(this.lingering);
    this.lingering = undefined;
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      for (const entry of batch) if (entry.urgent) this.urgent -= 1;
      this.inFlight += 1;
      this.write(batch.map((entry) => entry.item)).then(
        () => this.finish(batch),
        (error: unknown) => {
          if (batch.length > 1 && isRowError(error)) void this.oneByOne(batch);
          else this.finish(batch, error ?? new Error('ledger write failed'));
        },
      );
    }
    // Lazy writes left behind a full set of statements linger again.
    if (this.queue.length > 0) this.schedule();
  }

  /** Each write of a refused batch on its own, in order: each settles with its own outcome. */
  private async oneByOne(batch: ReadonlyArray<Queued<T>>) {
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

  private finish(batch: ReadonlyArray<Queued<T>>, error?: unknown): void {
    this.inFlight -= 1;
    for (const entry of batch) entry.done(error);
    this.schedule();
  }
}
