import type { Generated } from 'kysely';

/** The bulk sends' tables as Kysely sees them (migration 0006 creates them). */
export interface MessageBatchesTable {
  id: string;
  seq: Generated<string>;
  client_id: string;
  idempotency_key: string | null;
  /** The input's fingerprint: the same key with another input is refused. */
  fingerprint: string;
  /** The message (BatchMessage as JSON). */
  message: unknown;
  state: string;
  total: number;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Generated<Date>;
}

export interface MessageBatchRecipientsTable {
  batch_id: string;
  position: number;
  to_type: string;
  to_id: string | null;
  to_user_id: string | null;
  to_email: string | null;
  state: string;
  error_code: string | null;
  intercom_error_code: string | null;
  intercom_message_id: string | null;
  conversation_id: string | null;
  updated_at: Generated<Date>;
}

export type BulkTables = {
  message_batches: MessageBatchesTable;
  message_batch_recipients: MessageBatchRecipientsTable;
};
