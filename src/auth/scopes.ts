/** What a caller may do. API keys and JWTs carry a list of these. */
export const SCOPES = [
  /** sendAdminMessage (JWT: only as the admins in `intercom_admin_ids`). */
  'messages:admin',
  /** sendAdminMessage as any admin. */
  'messages:admin:any',
  /** sendUserMessage (JWT: only as the person the token names). */
  'messages:user',
  /** conversationForMessage and Message.conversation (JWT: only the person's own). */
  'conversations:read',
  /** Read any contact's conversations with a JWT. */
  'conversations:read:any',
  /** message and messages, the ledger (JWT: only what its admins sent, or its person's own). */
  'messages:read',
  /** Read every ledger entry with a JWT. */
  'messages:read:any',
  /** sendBulkAdminMessage and its batches (JWT: only as the admins in `intercom_admin_ids`). */
  'messages:bulk',
] as const;

export type Scope = (typeof SCOPES)[number];

export const isScope = (value: unknown): value is Scope =>
  typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
