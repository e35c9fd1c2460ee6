/** What the emulator keeps in memory, in its own shape; serializers turn it into wire JSON. */

export interface AdminRecord {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly jobTitle: string | null;
}

export interface TeamRecord {
  readonly id: string;
  readonly name: string;
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
  /** The file's type: given with `attachment_files`, read from the name's extension for URLs. */
  readonly contentType: string;
  /** Bytes; known for `attachment_files` only (a URL is not fetched). */
  readonly filesize: number | null;
  /** Pixels; known for PNG and GIF files sent as `attachment_files`. */
  readonly width: number | null;
  readonly height: number | null;
}

/** Who a conversation is assigned to: an admin, a team, both, or nobody (`0`, as 2.16 says). */
export interface AssigneeRecord {
  readonly type: 'admin' | 'team';
  readonly id: string;
}

/** Part types the emulator writes: replies, notes, and the actions of `/parts`. */
export type PartType =
  | 'comment'
  | 'note'
  | 'close'
  | 'open'
  | 'snoozed'
  | 'assignment'
  /** An assignment that reopened a closed conversation. */
  | 'assign_and_reopen'
  /** A snooze that ran out: Intercom reopened the conversation at its `snoozed_until`. */
  | 'timer_unsnooze';

export interface ConversationPartRecord {
  readonly id: string;
  /** `note`: an admin's internal note, never shown to the contact. */
  readonly partType: PartType;
  /** null: an action (close, open, snooze, assignment) written without a message. */
  readonly body: string | null;
  readonly createdAt: number;
  readonly author: { readonly type: 'admin' | 'user' | 'lead'; readonly id: string };
  readonly attachments: readonly AttachmentRecord[];
  /** The conversation's state once the part was written (2.16's `state` on parts). */
  readonly state: ConversationState;
  /** The assignment this part made; null when it made none. */
  readonly assignedTo: AssigneeRecord | null;
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
  /** Unix seconds; set while snoozed. */
  snoozedUntil: number | null;
  adminAssigneeId: string | null;
  teamAssigneeId: string | null;
  read: boolean;
  readonly parts: ConversationPartRecord[];
}
