import type { Scope } from './scopes';

/** The person a JWT speaks for, as Intercom knows them. */
export interface Person {
  /** Intercom `user_id` (external id), from `sub` or the configured claim. */
  readonly userId: string | null;
  /** Intercom contact id, from `intercom_contact_id`. */
  readonly contactId: string | null;
  readonly email: string | null;
}

/** Who is calling, as established by the access control; never holds the credential itself. */
export interface Principal {
  /** Stable id for per-client limits and idempotency keys: `key:<name>`, `jwt:<sub>`, `ip:<address>`. */
  readonly id: string;
  readonly kind: 'api-key' | 'jwt' | 'anonymous';
  readonly scopes: ReadonlySet<Scope>;
  /** JWT only: the person the token names. */
  readonly person: Person | null;
  /** JWT only: the admins it may send as (`intercom_admin_ids`). */
  readonly adminIds: ReadonlySet<string>;
}
