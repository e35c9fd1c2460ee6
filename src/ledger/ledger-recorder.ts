import { LedgerUnavailableError } from '../domain-errors';
import { IntercomError } from '../intercom/errors';
import type {
  LedgerEntryStart,
  LedgerOutcome,
  LedgerTicket,
  MessageLedger,
  SentOutcome,
} from './ledger.model';

export interface RecorderOptions {
  /** LEDGER_STORE_BODIES: false keeps no message bodies. */
  readonly storeBodies: boolean;
  /**
   * LEDGER_REQUIRED: true refuses a send whose PENDING entry cannot be written (nothing is
   * sent); false sends it and records it later.
   */
  readonly required: boolean;
  /**
   * LEDGER_OUTCOME_BEFORE_ANSWER: true answers a send once its outcome is on disk, and asks
   * Intercom once its PENDING entry is. false asks Intercom once the entry is written (visible,
   * on disk a moment later), answers at once, and writes the outcome with the whole entry right
   * behind the answer (within milliseconds). A process killed in between leaves the entry
   * PENDING, and UNKNOWN once its lease is over, as for a send cut off while Intercom had it.
   */
  readonly outcomeBeforeAnswer: boolean;
  /**
   * Writes kept for later at most; past it the oldest is dropped (and reported). Also the most
   * outcomes written behind their answers at once: past it, an answer waits for its outcome.
   */
  readonly backlogMax: number;
  /**
   * Whether the ledger's database is known to work: while it is not, writes go straight to the
   * fallback instead of waiting for a database that will not answer.
   */
  readonly available: () => boolean;
  /**
   * Whether a write failed because of its own values (it would fail on every try): such a
   * write fails alone and is not kept for later.
   */
  readonly isRowError: (error: unknown) => boolean;
  /** Told when the ledger could not be written, or a write had to be given up. */
  readonly onFailure: (error: unknown, step: RecorderFailureStep) => void;
}

/**
 * Where a ledger write failed: `begin`, `settle`, `late` (a kept write tried again) failed and
 * may pass later; `dropped` (the backlog was full), `rejected` (the row's own values) and `lost`
 * (kept writes when the process stopped) are given up.
 */
export type RecorderFailureStep = 'begin' | 'settle' | 'late' | 'dropped' | 'rejected' | 'lost';

/** The database was known to be failing: the write was not tried. */
class LedgerDownError extends Error {
  override readonly name = 'LedgerDownError';
  override readonly message = "the ledger's database is failing";
}

/** What a failed send leaves in the ledger: UNKNOWN when Intercom may have it. */
function failureOutcome(error: unknown): LedgerOutcome {
  if (error instanceof IntercomError) {
    return {
      state: error.mayHaveBeenSent ? 'UNKNOWN' : 'FAILED',
      errorCode: error.code ?? error.name,
      intercomRequestId: error.requestId ?? null,
    };
  }
  return {
    state: 'FAILED',
    errorCode: (error as Error | undefined)?.name ?? 'Error',
    intercomRequestId: null,
  };
}

/** A write the ledger refused, kept to be made once it answers again. */
type LateWrite =
  | { readonly settle: LedgerTicket; readonly outcome: LedgerOutcome }
  | { readonly entry: LedgerEntryStart; readonly createdAt: Date; readonly outcome: LedgerOutcome };

/**
 * Wraps a send: the ledger gets a PENDING entry before Intercom is asked, and the outcome as the
 * caller gets its answer (or before it: `outcomeBeforeAnswer`). When the ledger cannot be written, LEDGER_REQUIRED decides:
 * refuse the send, or send it and keep the write (bounded, in this process) until the ledger
 * answers again. A process that dies with writes kept loses them; an entry it left PENDING turns
 * UNKNOWN once its lease is over.
 */
export class LedgerRecorder {
  private readonly late: LateWrite[] = [];
  /** Outcomes written behind their answers, not done yet. */
  private settling = 0;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly ledger: MessageLedger,
    private readonly options: RecorderOptions,
  ) {}

  async run<T>(
    start: LedgerEntryStart,
    send: () => Promise<T>,
    sent: (result: T) => SentOutcome,
  ): Promise<T> {
    const entry = this.options.storeBodies ? start : { ...start, body: null };
    const createdAt = new Date();
    let ticket: LedgerTicket | undefined;
    let storable = true;
    try {
      if (!this.options.available()) throw new LedgerDownError();
      // Answered only after the outcome, or no send without an entry on disk (required): the
      // entry waits for the disk. Otherwise the outcome, written whole, makes it durable, and
      // the send need not wait for the disk twice.
      ticket = await this.ledger.begin(entry, {
        durable: this.options.outcomeBeforeAnswer || this.options.required,
      });
      this.written();
    } catch (error) {
      storable = !this.options.isRowError(error);
      this.failed(error, storable ? 'begin' : 'rejected');
      if (this.options.required) throw new LedgerUnavailableError();
    }
    const finish = (outcome: LedgerOutcome): Promise<void> => {
      if (ticket) this.ledger.ended(ticket);
      if (!storable) return Promise.resolve();
      // Outcomes on their way are bounded as the backlog is: past it, the answer waits for its
      // own, so that a database slower than the sends holds the senders back.
      if (this.options.outcomeBeforeAnswer || this.settling >= this.options.backlogMax) {
        return this.finish(ticket, entry, createdAt, outcome, 'now');
      }
      this.settling += 1;
      // Never rejects: a write that fails is reported and kept for later.
      void this.finish(ticket, entry, createdAt, outcome, 'soon').then(() => (this.settling -= 1));
      return Promise.resolve();
    };
    let result: T;
    try {
      result = await send();
    } catch (error) {
      await finish(failureOutcome(error));
      throw error;
    }
    await finish(sent(result));
    return result;
  }

  /** Writes kept for later, not yet made. */
  get backlog(): number {
    return this.late.length;
  }

  /**
   * Gives up the writes still kept (the process stops): they are reported as lost, so that
   * what the ledger misses is said plainly. Answers how many.
   */
  abandon(): number {
    const lost = this.late.splice(0);
    if (lost.length > 0) {
      this.options.onFailure(new Error(`${lost.length} ledger writes were never made`), 'lost');
    }
    return lost.length;
  }

  /**
   * Makes the writes kept for later, oldest first, until one fails because of the database; one
   * that fails because of its own values is given up (reported), and the rest go on.
   */
  flush(): Promise<void> {
    this.flushing ??= this.writeLate().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async writeLate(): Promise<void> {
    for (let write = this.late[0]; write; write = this.late[0]) {
      try {
        if (!this.options.available()) throw new LedgerDownError();
        if ('settle' in write) await this.ledger.settle(write.settle, write.outcome);
        else await this.ledger.record(write.entry, write.createdAt, write.outcome);
      } catch (error) {
        if (!this.options.isRowError(error)) {
          this.failed(error, 'late');
          return;
        }
        this.options.onFailure(error, 'rejected');
      }
      // The head may have been dropped meanwhile (a full backlog): remove this write only.
      if (this.late[0] === write) this.late.shift();
    }
  }

  private async finish(
    ticket: LedgerTicket | undefined,
    entry: LedgerEntryStart,
    createdAt: Date,
    outcome: LedgerOutcome,
    /** `now`: the answer waits for this write; `soon`: it does not. */
    when: 'now' | 'soon',
  ): Promise<void> {
    if (!ticket) {
      this.keep({ entry, createdAt, outcome });
      return;
    }
    try {
      if (!this.options.available()) throw new LedgerDownError();
      await this.ledger.settle(ticket, outcome, when);
      this.written();
    } catch (error) {
      if (this.options.isRowError(error)) {
        // The PENDING entry stays, and turns UNKNOWN once its lease is over.
        this.options.onFailure(error, 'rejected');
        return;
      }
      this.failed(error, 'settle');
      this.keep({ settle: ticket, outcome });
    }
  }

  private keep(write: LateWrite): void {
    if (this.late.length >= this.options.backlogMax) {
      this.late.shift();
      this.options.onFailure(new Error('the ledger backlog is full'), 'dropped');
    }
    this.late.push(write);
  }

  private written(): void {
    // The ledger answers again: what it missed is written now, beside the sends.
    if (this.late.length > 0) void this.flush();
  }

  private failed(error: unknown, step: RecorderFailureStep): void {
    this.options.onFailure(error, step);
  }
}
