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

export interface Conversation {
  readonly id: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly state: ConversationState;
  readonly open: boolean;
  readonly read: boolean;
  readonly source: ConversationSource;
  readonly contacts: readonly ConversationContact[];
  readonly partsCount: number | null;
}
