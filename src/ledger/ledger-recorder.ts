import { IntercomError } from '../intercom/errors';
import type { LedgerEntryStart, LedgerOutcome, MessageLedger, SentOutcome } from './ledger.model';

export interface RecorderOptions {
  /** LEDGER_STORE_BODIES: false keeps no message bodies. */
  readonly storeBodies: boolean;
  /** Told when the ledger could not be written (the send itself goes on). */
  readonly onFailure: (error: unknown, step: 'begin' | 'settle') => void;
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

/**
 * Wraps a send: the ledger gets a PENDING entry before Intercom is asked, and the outcome
 * before the caller gets its answer. A ledger that cannot be written never stops a send: the
 * failure is reported (logs, metrics) and the send goes on.
 */
export class LedgerRecorder {
  /** Whether the latest ledger write failed (for /readyz); the next success clears it. */
  private lastWriteFailed = false;

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
    let ticket;
    try {
      ticket = await this.ledger.begin(entry);
      this.lastWriteFailed = false;
    } catch (error) {
      this.lastWriteFailed = true;
      this.options.onFailure(error, 'begin');
    }
    let outcome: LedgerOutcome;
    let result: T;
    try {
      result = await send();
      outcome = sent(result);
    } catch (error) {
      if (ticket) await this.settle(ticket, failureOutcome(error));
      throw error;
    }
    if (ticket) await this.settle(ticket, outcome);
    return result;
  }

  /** `failing` while the latest write to the ledger failed. */
  get state(): 'ok' | 'failing' {
    return this.lastWriteFailed ? 'failing' : 'ok';
  }

  private async settle(ticket: { id: string }, outcome: LedgerOutcome): Promise<void> {
    try {
      await this.ledger.settle(ticket, outcome);
      this.lastWriteFailed = false;
    } catch (error) {
      this.lastWriteFailed = true;
      // The entry stays PENDING until its lease ends, then counts as UNKNOWN.
      this.options.onFailure(error, 'settle');
    }
  }
}
