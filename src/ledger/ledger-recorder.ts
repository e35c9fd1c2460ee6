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
  /** Writes kept for later at most; past it the oldest is dropped (and reported). */
  readonly backlogMax: number;
  /** Told when the ledger could not be written, or a late write had to be dropped. */
  readonly onFailure: (error: unknown, step: 'begin' | 'settle' | 'late' | 'dropped') => void;
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
 * Wraps a send: the ledger gets a PENDING entry before Intercom is asked, and the outcome
 * before the caller gets its answer. When the ledger cannot be written, LEDGER_REQUIRED decides:
 * refuse the send, or send it and keep the write (bounded, in this process) until the ledger
 * answers again. A process that dies with writes kept loses them; an entry it left PENDING turns
 * UNKNOWN once its lease is over.
 */
export class LedgerRecorder {
  /** Whether the latest ledger write failed (for /readyz); the next success clears it. */
  private lastWriteFailed = false;
  private readonly late: LateWrite[] = [];
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
    try {
      ticket = await this.ledger.begin(entry);
      this.written();
    } catch (error) {
      this.failed(error, 'begin');
      if (this.options.required) throw new LedgerUnavailableError();
    }
    let result: T;
    try {
      result = await send();
    } catch (error) {
      await this.finish(ticket, entry, createdAt, failureOutcome(error));
      throw error;
    }
    await this.finish(ticket, entry, createdAt, sent(result));
    return result;
  }

  /** `failing` while the latest write to the ledger failed. */
  get state(): 'ok' | 'failing' {
    return this.lastWriteFailed ? 'failing' : 'ok';
  }

  /** Writes kept for later, not yet made. */
  get backlog(): number {
    return this.late.length;
  }

  /** Makes the writes kept for later, oldest first, until one fails. */
  flush(): Promise<void> {
    this.flushing ??= this.writeLate().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async writeLate(): Promise<void> {
    for (let write = this.late[0]; write; write = this.late[0]) {
      try {
        if ('settle' in write) await this.ledger.settle(write.settle, write.outcome);
        else await this.ledger.record(write.entry, write.createdAt, write.outcome);
      } catch (error) {
        this.failed(error, 'late');
        return;
      }
      this.late.shift();
      this.lastWriteFailed = false;
    }
  }

  private async finish(
    ticket: LedgerTicket | undefined,
    entry: LedgerEntryStart,
    createdAt: Date,
    outcome: LedgerOutcome,
  ): Promise<void> {
    if (!ticket) {
      this.keep({ entry, createdAt, outcome });
      return;
    }
    try {
      await this.ledger.settle(ticket, outcome);
      this.written();
    } catch (error) {
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
    this.lastWriteFailed = false;
    // The ledger answers again: what it missed is written now, beside the sends.
    if (this.late.length > 0) void this.flush();
  }

  private failed(error: unknown, step: 'begin' | 'settle' | 'late'): void {
    this.lastWriteFailed = true;
    this.options.onFailure(error, step);
  }
}
