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
  /**
   * Stable id for per-client limits and idempotency keys: `key:<name>`, `jwt:<sub>`,
   * `ip:<address>`, the variable part URI-encoded so that no two callers share one (it holds no
   * `:` of its own).
   */
  readonly id: string;
  readonly kind: 'api-key' | 'jwt' | 'anonymous';
  readonly scopes: ReadonlySet<Scope>;
  /** JWT only: the person the token names. */
  readonly person: Person | null;
  /** JWT only: the admins it may send as (`intercom_admin_ids`). */
  readonly adminIds: ReadonlySet<string>;
  /** When the credential stops being valid (epoch ms); null: it does not expire. */
  readonly expiresAt: number | null;
}

/** A principal id from its kind and the caller's own name for itself. */
export const principalId = (prefix: 'key' | 'jwt' | 'ip', name: string): string =>
  `${prefix}:${encodeURIComponent(name)}`;
