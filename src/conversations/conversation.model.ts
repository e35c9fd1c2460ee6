/** A conversation as the gateway describes it, whichever Intercom version it came from. */

export enum ConversationState {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  SNOOZED = 'SNOOZED',
}

export interface ConversationAuthor {
  readonly type: string;
  readonly id: string;
  readonly name: string | null;
  readonly email: string | null;
}

export interface ConversationSource {
  /** The id of the message that started the conversation. */
  readonly id: string;
  readonly type: string;
  readonly deliveredAs: string | null;
  readonly subject: string | null;
  readonly body: string | null;
  readonly author: ConversationAuthor | null;
}

export interface ConversationContact {
  readonly type: string;
  readonly id: string;
  readonly externalId: string | null;
}

export interface ConversationAttachment {
  readonly name: string;
  readonly url: string;
}

/** One reply, note or event in a conversation, after the message that started it. */
export interface ConversationPart {
  readonly id: string;
  /** comment, note, assignment, open, close, ... as Intercom says. */
  readonly partType: string;
  readonly body: string | null;
  readonly author: ConversationAuthor | null;
  readonly createdAt: Date;
  readonly attachments: readonly ConversationAttachment[];
}

/** Part types a contact sees in the Messenger; the rest (notes above all) are internal. */
export const PUBLIC_PART_TYPES: ReadonlySet<string> = new Set(['comment']);

/** Who a conversation is assigned to: an admin, a team, or both. */
export interface ConversationAssignee {
  readonly adminId: string | null;
  readonly teamId: string | null;
}

export interface Conversation {
  readonly id: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly state: ConversationState;
  /** While snoozed: when it opens again. */
  readonly snoozedUntil: Date | null;
  /** null: nobody. */
  readonly assignee: ConversationAssignee | null;
  readonly open: boolean;
  readonly read: boolean;
  readonly source: ConversationSource;
  readonly contacts: readonly ConversationContact[];
  readonly partsCount: number | null;
  /**
   * Every part, oldest first, when Intercom's answer held them all (`GET /conversations/{id}`,
   * webhooks); null when it held none or only some (searches, lists).
   */
  readonly parts: readonly ConversationPart[] | null;
}
