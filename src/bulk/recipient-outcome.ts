import {
  IdempotencyInProgressError,
  IdempotencyOutcomeUnknownError,
  IdempotencyUnavailableError,
  InputError,
  LedgerUnavailableError,
  NotFoundError,
} from '../domain-errors';
import {
  IntercomConnectionsBusyError,
  IntercomError,
  IntercomShutdownError,
} from '../intercom/errors';
import type { RecipientOutcome } from './batch.model';
import type { LedgerTrace } from './batch-store';

/** The gateway's error code for each Intercom failure, as `sendAdminMessage` would answer it. */
const INTERCOM_CODES: Record<string, string> = {
  IntercomAuthError: 'UPSTREAM_AUTH_FAILED',
  IntercomNotFoundError: 'NOT_FOUND',
  IntercomUnsubscribedError: 'RECIPIENT_UNSUBSCRIBED',
  IntercomRateLimitedError: 'RATE_LIMITED',
  IntercomRejectedError: 'UPSTREAM_REJECTED',
  IntercomTimeoutError: 'UPSTREAM_TIMEOUT',
  IntercomUnavailableError: 'UPSTREAM_UNAVAILABLE',
  IntercomBadResponseError: 'UPSTREAM_BAD_RESPONSE',
};

/**
 * What the ledger records for a send that was never written to Intercom: every connection was
 * busy, or the gateway was stopping. Such an entry says nothing of the recipient.
 */
const NOT_WRITTEN = new Set([IntercomConnectionsBusyError.name, IntercomShutdownError.name]);

/** Intercom's own code, when it is one (a short token): nothing else is kept from its answer. */
const intercomCode = (code: string | undefined): string | null =>
  code !== undefined && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : null;

/**
 * What a failed send leaves for its recipient, or `retry` when certainly nothing was sent and
 * the send should be tried again later (its claim is busy elsewhere, a store is down, or the
 * gateway is stopping). No free connection to Intercom defers the whole slice (see BulkSends).
 * Anything that may have reached Intercom is UNKNOWN: it is never sent again.
 */
export function outcomeOfFailure(error: unknown): RecipientOutcome | 'retry' {
  if (
    error instanceof IdempotencyInProgressError ||
    error instanceof IdempotencyUnavailableError ||
    error instanceof LedgerUnavailableError ||
    // Never written: the gateway is stopping; another replica, or this one restarted, sends it.
    error instanceof IntercomShutdownError
  ) {
    return 'retry';
  }
  if (error instanceof IdempotencyOutcomeUnknownError) {
    // The first attempt's process went away mid-send.
    return { state: 'UNKNOWN', errorCode: 'ABANDONED', intercomErrorCode: null };
  }
  if (error instanceof IntercomError) {
    const code = INTERCOM_CODES[error.name] ?? 'UPSTREAM_REJECTED';
    return {
      state: error.mayHaveBeenSent ? 'UNKNOWN' : 'FAILED',
      errorCode: code,
      intercomErrorCode: intercomCode(error.code),
    };
  }
  if (error instanceof InputError) {
    return { state: 'FAILED', errorCode: 'BAD_USER_INPUT', intercomErrorCode: null };
  }
  if (error instanceof NotFoundError) {
    return { state: 'FAILED', errorCode: 'NOT_FOUND', intercomErrorCode: null };
  }
  // Unexpected: it may have happened after the request left, so it is never sent again.
  return { state: 'UNKNOWN', errorCode: 'INTERNAL_SERVER_ERROR', intercomErrorCode: null };
}

/**
 * What a recipient's ledger entry says of a send made before, when its claim may be gone: its
 * outcome, `retry` while its sender may still be at it, or null when the entry says nothing.
 */
export function outcomeOfLedgerEntry(entry: LedgerTrace): RecipientOutcome | 'retry' | null {
  switch (entry.state) {
    case 'SENT':
      return entry.intercomMessageId === null
        ? { state: 'UNKNOWN', errorCode: 'ABANDONED', intercomErrorCode: null }
        : {
            state: 'SENT',
            intercomMessageId: entry.intercomMessageId,
            conversationId: entry.conversationId,
          };
    case 'FAILED':
      // A send that was never written (no free connection, a shutdown) says nothing.
      if (entry.errorCode !== null && NOT_WRITTEN.has(entry.errorCode)) return null;
      return {
        state: 'FAILED',
        errorCode: entry.errorCode ?? 'UPSTREAM_REJECTED',
        intercomErrorCode: null,
      };
    case 'PENDING':
      if (entry.leased) return 'retry';
      return { state: 'UNKNOWN', errorCode: 'ABANDONED', intercomErrorCode: null };
    case 'UNKNOWN':
      return {
        state: 'UNKNOWN',
        errorCode: entry.errorCode ?? 'ABANDONED',
        intercomErrorCode: null,
      };
    default:
      return null;
  }
}
