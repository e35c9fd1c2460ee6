import type { Generated } from 'kysely';

/** The ledger's tables as Kysely sees them (the migrations create them). */
export interface LedgerEntriesTable {
  id: string;
  /** Insertion order: pages are cut on it. */
  seq: Generated<string>;
  kind: string;
  client_id: string;
  idempotency_key: string | null;
  from_type: string;
  from_id: string | null;
  from_user_id: string | null;
  from_email: string | null;
  to_type: string | null;
  to_id: string | null;
  to_user_id: string | null;
  to_email: string | null;
  resolved_contact_id: string | null;
  message_type: string;
  subject: string | null;
  body: string | null;
  state: string;
  intercom_message_id: string | null;
  conversation_id: string | null;
  intercom_request_id: string | null;
  error_code: string | null;
  /** While PENDING: when the sender's claim ends unless it settles first. */
  lease_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface IdempotencyKeysTable {
  key: string;
  fingerprint: string;
  owner: string | null;
  lease_until: Date | null;
  /** The outcome a replay answers with (StoredOutcome as JSON). */
  outcome: unknown;
  expires_at: Date;
}

export interface LedgerDatabase {
  ledger_entries: LedgerEntriesTable;
  idempotency_keys: IdempotencyKeysTable;
}
