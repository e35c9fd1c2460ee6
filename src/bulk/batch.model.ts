/**
 * Bulk sends: one admin message to many contacts, sent in the background by a job engine, each
 * recipient at most once (its own ledger entry and idempotency claim).
 */
import type {
  AdminMessageRequest,
  ContactReference,
  RecipientType,
} from '../messages/message.model';

export type BatchState = 'QUEUED' | 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'CANCELLED';

/** A batch that will send nothing more. */
export const FINISHED_STATES: ReadonlySet<BatchState> = new Set(['COMPLETED', 'CANCELLED']);

/**
 * Where one recipient stands: PENDING until its send is settled; UNKNOWN when the send may have
 * reached Intercom (a timeout, a 5xx, a process that died mid-send): it is never sent again.
 */
export type RecipientState = 'PENDING' | 'SENT' | 'FAILED' | 'UNKNOWN';

/** The message every recipient gets: an admin message without its `to`. */
export type BatchMessage = Omit<AdminMessageRequest, 'to'>;

export interface BatchCounts {
  readonly total: number;
  readonly sent: number;
  readonly failed: number;
  readonly unknown: number;
  readonly pending: number;
}

export interface MessageBatch {
  readonly id: string;
  /** The client that created it (`key:<name>`, `jwt:<sub>`, ...). */
  readonly clientId: string;
  readonly state: BatchState;
  readonly counts: BatchCounts;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

export interface BatchRecipient {
  readonly position: number;
  readonly to: ContactReference<RecipientType>;
  readonly state: RecipientState;
  /** The gateway's code for a FAILED or UNKNOWN send, e.g. RECIPIENT_UNSUBSCRIBED. */
  readonly errorCode: string | null;
  /** Intercom's own error code, when Intercom answered one. */
  readonly intercomErrorCode: string | null;
  readonly intercomMessageId: string | null;
  readonly conversationId: string | null;
  readonly updatedAt: Date;
}

/** A settled send, as the recipient's row keeps it. */
export type RecipientOutcome =
  | {
      readonly state: 'SENT';
      readonly intercomMessageId: string;
      readonly conversationId: string | null;
    }
  | {
      readonly state: 'FAILED' | 'UNKNOWN';
      readonly errorCode: string;
      readonly intercomErrorCode: string | null;
    };

/** Who is looking at batches: its creator sees its own, `messages:read:any` sees all. */
export interface BatchViewer {
  readonly clientId: string;
  readonly all: boolean;
}
