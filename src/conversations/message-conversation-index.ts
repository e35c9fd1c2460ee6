import type { ContactReference } from '../messages/message.model';

/** What the gateway itself recorded of a message it sent. */
export interface RecalledMessage {
  /** The contact the message went to (admin messages) or came from (user messages), as sent. */
  readonly contact: ContactReference;
  /** The contact's Intercom id, when Intercom's answer told it. */
  readonly resolvedContactId: string | null;
  /** The conversation the message started, once anything revealed it. */
  readonly conversationId: string | null;
}

/**
 * message -> conversation, kept by the gateway's record of what it sent (the ledger): shared by
 * every replica and kept across restarts, so a message's conversation is searched for once.
 */
export interface MessageConversationIndex {
  recall(messageId: string): Promise<RecalledMessage | null>;
  /** Records which conversation a message started; a message the gateway did not send is ignored. */
  remember(messageId: string, conversationId: string): Promise<void>;
}

/**
 * Whether a lookup names the contact the gateway recorded for the message, by an identifier
 * they share. A lookup naming anyone else never gets the recorded conversation: it walks that
 * contact's own conversations instead.
 */
export function namesRecordedContact(recalled: RecalledMessage, named: ContactReference): boolean {
  const recorded = recalled.contact;
  if (named.id) return named.id === recorded.id || named.id === recalled.resolvedContactId;
  // User ids and emails are unique per contact type only.
  if (named.type !== recorded.type) return false;
  if (named.userId) return named.userId === recorded.userId;
  return Boolean(
    named.email && recorded.email && named.email.toLowerCase() === recorded.email.toLowerCase(),
  );
}
