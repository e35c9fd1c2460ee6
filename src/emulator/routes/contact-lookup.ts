import { notFound } from '../errors';
import type { ContactRecord, ContactRole } from '../records';
import type { EmulatorStore } from '../store';

export interface ContactReference {
  id?: unknown;
  user_id?: unknown;
  email?: unknown;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/**
 * Finds a contact by `id`, `user_id` (external id) or `email`, in that order, limited to the
 * roles the reference's `type` allows. A missing contact is Intercom's 404.
 */
export function findContact(
  store: EmulatorStore,
  reference: ContactReference,
  roles: readonly ContactRole[],
): ContactRecord {
  const id =
    text(reference.id) ?? (typeof reference.id === 'number' ? String(reference.id) : undefined);
  const userId = text(reference.user_id);
  const email = text(reference.email);
  const contact = id
    ? store.contactById(id)
    : userId
      ? store.contactByExternalId(userId)
      : email
        ? store.contactByEmail(email)
        : undefined;
  if (!contact || !roles.includes(contact.role)) throw notFound('User Not Found');
  return contact;
}

/** Intercom answers 404 for a contact created moments ago ("short delay after contact creation"). */
export function assertMessageable(contact: ContactRecord, now = Date.now()): void {
  if (contact.messageableAt > now) throw notFound('User Not Found');
}
