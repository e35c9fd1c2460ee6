/** The gateway's own message vocabulary, independent of GraphQL and of Intercom's wire format. */

export enum MessageType {
  IN_APP = 'IN_APP',
  EMAIL = 'EMAIL',
}

export enum EmailTemplate {
  PLAIN = 'PLAIN',
  PERSONAL = 'PERSONAL',
}

export enum RecipientType {
  USER = 'USER',
  LEAD = 'LEAD',
}

export enum SenderType {
  USER = 'USER',
  LEAD = 'LEAD',
  VISITOR = 'VISITOR',
}

/** A contact named by exactly one of its identifiers. */
export interface ContactReference<Type extends string = RecipientType | SenderType> {
  readonly type: Type;
  readonly id?: string | null;
  readonly userId?: string | null;
  readonly email?: string | null;
}

export interface AdminMessageRequest {
  readonly messageType: MessageType;
  readonly subject?: string | null;
  readonly body: string;
  readonly template?: EmailTemplate | null;
  readonly fromAdminId: string;
  readonly to: ContactReference<RecipientType>;
  readonly createConversationWithoutContactReply?: boolean | null;
}

export interface UserMessageRequest {
  readonly from: ContactReference<SenderType>;
  readonly body: string;
}

export interface AdminSummary {
  readonly id: string;
  readonly name: string | null;
  readonly email: string | null;
}

export interface SentAdminMessage {
  readonly kind: 'admin';
  /** A message answered to the client was taken by Intercom. */
  readonly state: 'SENT';
  readonly id: string;
  readonly createdAt: Date;
  readonly body: string;
  readonly messageType: MessageType;
  readonly subject: string | null;
  readonly template: EmailTemplate | null;
  readonly owner: AdminSummary | null;
  /** Set when Intercom opened the conversation at once. */
  readonly conversationId: string | null;
  /** The Intercom contact the message went to, when known (for the conversation lookup). */
  readonly recipient: ContactReference<RecipientType>;
}

export interface SentUserMessage {
  readonly kind: 'user';
  /** A message answered to the client was taken by Intercom. */
  readonly state: 'SENT';
  readonly id: string;
  readonly createdAt: Date;
  readonly body: string;
  readonly messageType: MessageType.IN_APP;
  readonly conversationId: string | null;
  readonly sender: ContactReference<SenderType>;
}

/** Longest message body the gateway accepts, in characters. */
export const MESSAGE_BODY_MAX_LENGTH = 65_536;
/** Longest email subject the gateway accepts, in characters. */
export const SUBJECT_MAX_LENGTH = 998;
