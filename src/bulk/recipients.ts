import type { ContactReference, RecipientType } from '../messages/message.model';

/**
 * The recipients once each, in the order first given: the same type and identifier (an email
 * without case) is one contact. One contact named by two identifiers (an id and an email) is
 * not recognised: that would take a lookup per recipient.
 */
export function distinctRecipients(
  recipients: readonly ContactReference<RecipientType>[],
): ContactReference<RecipientType>[] {
  const seen = new Set<string>();
  const distinct: ContactReference<RecipientType>[] = [];
  for (const recipient of recipients) {
    const key = recipient.id
      ? `${recipient.type}\nid\n${recipient.id}`
      : recipient.userId
        ? `${recipient.type}\nuser\n${recipient.userId}`
        : `${recipient.type}\nemail\n${(recipient.email ?? '').toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    distinct.push({
      type: recipient.type,
      id: recipient.id ?? null,
      userId: recipient.userId ?? null,
      email: recipient.email ?? null,
    });
  }
  return distinct;
}
