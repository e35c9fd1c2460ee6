/** What the emulator keeps in memory, in its own shape; serializers turn it into wire JSON. */

export interface AdminRecord {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly jobTitle: string | null;
}

export type ContactRole = 'user' | 'lead' | 'visitor';

export interface ContactRecord {
  readonly id: string;
  role: ContactRole;
  readonly externalId: string | null;
  readonly email: string | null;
  readonly name: string | null;
  readonly createdAt: number;
  updatedAt: number;
  readonly unsubscribedFromEmails: boolean;
  /** Epoch milliseconds from which the contact can be messaged (Intercom's "short delay"). */
  readonly messageableAt: number;
  /** Seeded contacts are never evicted. */
  readonly pinned: boolean;
}

export type MessageKind = 'admin_message' | 'user_message';
export type WireMessageType = 'inapp' | 'email';

export interface MessageRecord {
  readonly id: string;
  readonly kind: MessageKind;
  readonly createdAt: number;
  readonly messageType: WireMessageType;
  readonly subject: string;
  readonly body: string;
  readonly template: 'plain' | 'personal' | null;
  /** Admin id for admin messages, contact id for user messages. */
  readonly authorId: string;
  /** Recipient contact ids for admin messages; the sender for user messages. */
  readonly contactIds: readonly string[];
  conversationId: string | null;
}

export type ConversationState = 'open' | 'closed' | 'snoozed';

export interface AttachmentRecord {
  readonly name: string;
  readonly url: string;
}

export interface ConversationPartRecord {
  readonly id: string;
  /** `note`: an admin's internal note, never shown to the contact. */
  readonly partType: 'comment' | 'note';
  readonly body: string;
  readonly createdAt: number;
  readonly author: { readonly type: 'admin' | 'user' | 'lead'; readonly id: string };
  readonly attachments: readonly AttachmentRecord[];
}

export interface ConversationRecord {
  readonly id: string;
  readonly createdAt: number;
  updatedAt: number;
  waitingSince: number | null;
  /** The message that started it: `source.id` (2.x) and `conversation_message.id` (1.x). */
  readonly messageId: string | null;
  readonly sourceType: 'conversation' | 'email';
  readonly deliveredAs: 'admin_initiated' | 'customer_initiated';
  readonly subject: string;
  readonly body: string;
  readonly author: { readonly type: 'admin' | 'user' | 'lead'; readonly id: string };
  readonly contactIds: readonly string[];
  state: ConversationState;
  read: boolean;
  readonly parts: ConversationPartRecord[];
}
