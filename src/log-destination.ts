import { write, writeSync } from 'node:fs';

export interface BatchedLinesOptions {
  /** The file descriptor lines go to (1: stdout). */
  readonly fd: number;
  /** Pending lines are written once they hold this many characters (or at `flush`). */
  readonly flushAtChars: number;
  /** Lines beyond this many pending characters are dropped (and counted) while writes lag. */
  readonly maxPendingChars: number;
  /** The write failed for good (a full disk, a closed descriptor): nothing more is written. */
  readonly onFailure: (error: NodeJS.ErrnoException) => void;
  /** Writes caught up after `count` lines were dropped. */
  readonly onDropped: (count: number) => void;
}

/** How long a write waits before it is tried again when the descriptor is full (EAGAIN). */
const RETRY_FULL_MS = 50;
/** At exit: how often a full descriptor is tried again, `RETRY_FULL_MS` apart, before giving up. */
const EXIT_RETRIES = 20;

/**
 * A pino destination that keeps lines in an array and writes them as one chunk, off the event
 * loop. pino's own buffered destination measures its whole pending buffer again for every line
 * (its cost grows with the buffer, so larger chunks cost more per line); here a line costs an
 * array push, and a chunk one join and one write.
 *
 * Bounded: while a write lags (a reader that does not keep up), lines past `maxPendingChars` are
 * dropped, counted and reported once writes catch up, so a stalled reader can neither block the
 * gateway nor grow its memory.
 */
export class BatchedLines {
  private lines: string[] = [];
  private pendingChars = 0;
  private writing = false;
  private failed = false;
  private dropped = 0;
  /** Chunks taken for writing so far, and written out so far: what `flush` callbacks wait on. */
  private chunksTaken = 0;
  private chunksWritten = 0;
  private flushed: Array<{ readonly chunk: number; readonly done: () => void }> = [];
  /** A chunk waiting to be tried again on a full descriptor (not in a write under way). */
  private waiting: { chunk: Buffer; offset: number } | undefined;

  constructor(private readonly options: BatchedLinesOptions) {}

  /** pino's destination interface: one serialised line, newline included. */
  write(line: string): boolean {
    if (this.failed) return true;
    // One line alone always waits: the bound is on lines piling up behind a lagging write.
    if (this.pendingChars > 0 && this.pendingChars + line.length > this.options.maxPendingChars) {
      this.dropped += 1;
      return false;
    }
    this.lines.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= this.options.flushAtChars) this.flush();
    return true;
  }

  /**
   * Starts writing what is pending, unless a write is under way (it writes the rest after).
   * `done` (pino's `logger.flush(cb)`) is called once every line written so far is out, or
   * writing failed for good.
   */
  flush(done?: () => void): void {
    if (done) {
      // The pending lines go out in the next chunk taken; without any, the one under way.
      const chunk = this.chunksTaken + (this.lines.length > 0 ? 1 : 0);
      if (this.failed || chunk <= this.chunksWritten) done();
      else this.flushed.push({ chunk, done });
    }
    if (this.writing || this.failed || this.lines.length === 0) return;
    this.writing = true;
    this.writeOut(this.take(), 0);
  }

  /**
   * At exit: writes what is pending before the process ends. A write under way is the thread
   * pool's (done or not by now, it cannot be told); one waiting to be tried again is written here.
   */
  flushSync(): void {
    if (this.failed) return;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) this.writeSync(waiting.chunk, waiting.offset);
    // A write the thread pool has under way may end mid-line: what follows starts a line.
    else if (this.writing && this.lines.length > 0) this.lines.unshift('\n');
    if (this.lines.length > 0) this.writeSync(this.take(), 0);
  }

  private writeSync(chunk: Buffer, from: number): void {
    let offset = from;
    let retries = 0;
    while (offset < chunk.length) {
      try {
        offset += writeSync(this.options.fd, chunk, offset, chunk.length - offset);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' || retries >= EXIT_RETRIES) return;
        retries += 1;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RETRY_FULL_MS);
      }
    }
  }

  private take(): Buffer {
    const chunk = Buffer.from(this.lines.join(''), 'utf8');
    this.lines = [];
    this.pendingChars = 0;
    this.chunksTaken += 1;
    return chunk;
  }

  /** Calls the `flush` callbacks whose lines are out (all of them once writing failed). */
  private settleFlushes(): void {
    if (this.flushed.length === 0) return;
    const due = this.flushed.filter((each) => this.failed || each.chunk <= this.chunksWritten);
    this.flushed = this.flushed.filter((each) => !due.includes(each));
    for (const each of due) each.done();
  }

  private writeOut(chunk: Buffer, offset: number): void {
    write(this.options.fd, chunk, offset, chunk.length - offset, null, (error, written) => {
      if (error?.code === 'EAGAIN') {
        // Unref'd: a process that is otherwise done exits, and writes this chunk at exit.
        this.waiting = { chunk, offset };
        setTimeout(() => {
          if (this.waiting?.chunk !== chunk) return;
          this.waiting = undefined;
          this.writeOut(chunk, offset);
        }, RETRY_FULL_MS).unref();
        return;
      }
      if (error) {
        this.fail(error);
        return;
      }
      const next = offset + written;
      if (next < chunk.length) {
        this.writeOut(chunk, next);
        return;
      }
      this.writing = false;
      this.chunksWritten += 1;
      this.settleFlushes();
      const dropped = this.dropped;
      this.dropped = 0;
      // A `flush` callback waiting for lines that came during this write: they go now, not at
      // the next periodic flush.
      const awaited = this.flushed.length > 0 && this.lines.length > 0;
      if (awaited || this.pendingChars >= this.options.flushAtChars) this.flush();
      // After the pending lines were taken: the report itself must find room.
      if (dropped > 0) this.options.onDropped(dropped);
    });
  }

  private fail(error: NodeJS.ErrnoException): void {
    this.failed = true;
    this.writing = false;
    this.lines = [];
    this.pendingChars = 0;
    this.options.onFailure(error);
    this.settleFlushes();
  }
}
