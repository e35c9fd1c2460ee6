/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A date-time string at UTC, such as 2007-12-03T10:15:30Z, compliant with the `date-time` format outlined in section 5.6 of the RFC 3339 profile of the ISO 8601 standard for representation of dates and times using the Gregorian calendar.This scalar is serialized to a string in ISO 8601 format and parsed from a string in ISO 8601 format. */
  DateTimeISO: { input: string; output: string; }
};

/** An Intercom teammate. */
export type Admin = {
  __typename?: 'Admin';
  email?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
};

/** The admin who sends the message. */
export type AdminInput = {
  /** The admin's Intercom id (see Intercom's List admins). */
  id: Scalars['ID']['input'];
};

/** A message an admin sent to a user or lead. */
export type AdminMessage = Message & {
  __typename?: 'AdminMessage';
  body: Scalars['String']['output'];
  conversation?: Maybe<Conversation>;
  /** Set when the conversation opened at once (createConversationWithoutContactReply). */
  conversationId?: Maybe<Scalars['ID']['output']>;
  createdAt: Scalars['DateTimeISO']['output'];
  id: Scalars['ID']['output'];
  messageType: MessageType;
  /** The admin who sent it. */
  owner?: Maybe<Admin>;
  /** SENT: Intercom took it (an answer here always is). The ledger (`message(id)`) keeps its state for later. */
  state: MessageState;
  subject?: Maybe<Scalars['String']['output']>;
  template?: Maybe<EmailTemplate>;
};

/** Assigning a conversation to an admin or a team, optionally with a note. */
export type AssignConversationInput = {
  /** The admin who acts. */
  admin: AdminInput;
  assignee: AssigneeInput;
  /** A message left in the conversation as it happens (HTML or plain text); not empty when given; at most 65536 characters. */
  body?: InputMaybe<Scalars['String']['input']>;
  conversationId: Scalars['ID']['input'];
  /** Makes retries safe: the same key with the same input within IDEMPOTENCY_TTL_SECONDS (default 24 hours) returns the first result without sending again. 1-255 characters: letters, digits, _ - . : */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

/** An admin or a team to assign a conversation to. */
export type AssigneeInput = {
  /** The admin’s or team’s Intercom id; "0" unassigns that side (a conversation may have both an admin and a team). */
  id: Scalars['ID']['input'];
  type: AssigneeType;
};

/** Who a conversation is assigned to: an admin (teammate) or a team. */
export const AssigneeType = {
  Admin: 'ADMIN',
  Team: 'TEAM'
} as const;

export type AssigneeType = typeof AssigneeType[keyof typeof AssigneeType];
/** One recipient of a batch and its send's outcome. */
export type BatchMessage = {
  __typename?: 'BatchMessage';
  conversationId?: Maybe<Scalars['ID']['output']>;
  /** FAILED or UNKNOWN: the code sendAdminMessage would have answered (RECIPIENT_UNSUBSCRIBED, NOT_FOUND, UPSTREAM_TIMEOUT, ...; ABANDONED when the process sending it went away). */
  errorCode?: Maybe<Scalars['String']['output']>;
  /** Intercom's own error code, when it gave one. */
  intercomErrorCode?: Maybe<Scalars['String']['output']>;
  /** Intercom's message id, once SENT. */
  intercomMessageId?: Maybe<Scalars['ID']['output']>;
  /** Its place in the batch, from 0, duplicates removed. */
  position: Scalars['Int']['output'];
  state: MessageState;
  to: BatchRecipientContact;
  updatedAt: Scalars['DateTimeISO']['output'];
};

/** A page of a batch's recipients, in their order. */
export type BatchMessageConnection = {
  __typename?: 'BatchMessageConnection';
  edges: Array<BatchMessageEdge>;
  pageInfo: PageInfo;
};

export type BatchMessageEdge = {
  __typename?: 'BatchMessageEdge';
  cursor: Scalars['String']['output'];
  node: BatchMessage;
};

/** A bulk recipient as the batch named it. */
export type BatchRecipientContact = {
  __typename?: 'BatchRecipientContact';
  email?: Maybe<Scalars['String']['output']>;
  id?: Maybe<Scalars['ID']['output']>;
  type: RecipientType;
  userId?: Maybe<Scalars['String']['output']>;
};

/** One admin message to many contacts: the fields of SendAdminMessageInput, with recipients instead of to. */
export type BulkAdminMessageInput = {
  /** HTML or plain text; not empty; at most 65536 characters. */
  body: Scalars['String']['input'];
  /** Open each conversation in the inbox at once, without waiting for a reply. Intercom API 2.x only. */
  createConversationWithoutContactReply?: InputMaybe<Scalars['Boolean']['input']>;
  from: AdminInput;
  /** Makes retries safe: the same key with the same input within IDEMPOTENCY_TTL_SECONDS (default 24 hours) returns the first result without sending again. 1-255 characters: letters, digits, _ - . : */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  messageType: MessageType;
  /** Who gets the message, each by exactly one of id, userId or email; duplicates are sent once. At most BULK_MAX_RECIPIENTS (10,000 by default). */
  recipients: Array<RecipientInput>;
  /** Required for EMAIL, refused for IN_APP. At most 998 characters. */
  subject?: InputMaybe<Scalars['String']['input']>;
  /** Required for EMAIL, refused for IN_APP. */
  template?: InputMaybe<EmailTemplate>;
};

/** Closing a conversation, optionally with a message. */
export type CloseConversationInput = {
  /** The admin who acts. */
  admin: AdminInput;
  /** A message left in the conversation as it happens (HTML or plain text); not empty when given; at most 65536 characters. */
  body?: InputMaybe<Scalars['String']['input']>;
  conversationId: Scalars['ID']['input'];
  /** Makes retries safe: the same key with the same input within IDEMPOTENCY_TTL_SECONDS (default 24 hours) returns the first result without sending again. 1-255 characters: letters, digits, _ - . : */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

/** The contact whose conversations are searched: exactly one of id, userId or email. */
export type ContactInput = {
  email?: InputMaybe<Scalars['String']['input']>;
  /** The contact's Intercom id. */
  id?: InputMaybe<Scalars['ID']['input']>;
  type: SenderType;
  /** Your own id for the contact (Intercom external_id / user_id). */
  userId?: InputMaybe<Scalars['String']['input']>;
};

/** An Intercom conversation. */
export type Conversation = {
  __typename?: 'Conversation';
  /** The admin and/or team it is assigned to; null: nobody, or a person’s token. */
  assignee?: Maybe<ConversationAssignee>;
  contacts: Array<ConversationContact>;
  createdAt: Scalars['DateTimeISO']['output'];
  id: Scalars['ID']['output'];
  open: Scalars['Boolean']['output'];
  /** The conversation's replies and notes, oldest first: the first 20 by default, at most 100 a page (first/after, or last/before for the newest). A person's token sees only what the contact sees (no notes). */
  parts: ConversationPartConnection;
  /** Replies and notes after the first message; for a person’s token, the parts it sees (as parts.totalCount). */
  partsCount?: Maybe<Scalars['Int']['output']>;
  read: Scalars['Boolean']['output'];
  /** While SNOOZED: when it opens again. null for a person’s token. */
  snoozedUntil?: Maybe<Scalars['DateTimeISO']['output']>;
  source: ConversationSource;
  state: ConversationState;
  updatedAt: Scalars['DateTimeISO']['output'];
};


/** An Intercom conversation. */
export type ConversationPartsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

/** Who a conversation is assigned to: an admin, a team, or both. */
export type ConversationAssignee = {
  __typename?: 'ConversationAssignee';
  /** The admin’s Intercom id; null: no admin. */
  adminId?: Maybe<Scalars['ID']['output']>;
  /** The team’s Intercom id; null: no team. */
  teamId?: Maybe<Scalars['ID']['output']>;
};

/** A file attached to a conversation part. */
export type ConversationAttachment = {
  __typename?: 'ConversationAttachment';
  name: Scalars['String']['output'];
  url: Scalars['String']['output'];
};

/** Who wrote the message that started a conversation. */
export type ConversationAuthor = {
  __typename?: 'ConversationAuthor';
  /** null for a person’s token. */
  email?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
  /** admin, user, lead, bot, ... */
  type: Scalars['String']['output'];
};

/** A contact taking part in a conversation. */
export type ConversationContact = {
  __typename?: 'ConversationContact';
  /** Your own id for the contact. */
  externalId?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** contact, user or lead, as Intercom says. */
  type: Scalars['String']['output'];
};

/** A reply, note or event in a conversation, after its first message. */
export type ConversationPart = {
  __typename?: 'ConversationPart';
  attachments: Array<ConversationAttachment>;
  author?: Maybe<ConversationAuthor>;
  /** HTML from admins, plain text from contacts. */
  body?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['DateTimeISO']['output'];
  id: Scalars['ID']['output'];
  /** comment (a reply), note (an admin’s internal note), assignment, open, close, ... as Intercom says. */
  partType: Scalars['String']['output'];
};

/** A page of a conversation’s parts, oldest first. */
export type ConversationPartConnection = {
  __typename?: 'ConversationPartConnection';
  edges: Array<ConversationPartEdge>;
  pageInfo: PageInfo;
  /** Parts the caller may see in the whole conversation. */
  totalCount: Scalars['Int']['output'];
};

export type ConversationPartEdge = {
  __typename?: 'ConversationPartEdge';
  cursor: Scalars['String']['output'];
  node: ConversationPart;
};

/** The message that started a conversation. */
export type ConversationSource = {
  __typename?: 'ConversationSource';
  author?: Maybe<ConversationAuthor>;
  body?: Maybe<Scalars['String']['output']>;
  /** admin_initiated, customer_initiated, ... */
  deliveredAs?: Maybe<Scalars['String']['output']>;
  /** The id of that message. */
  id: Scalars['ID']['output'];
  subject?: Maybe<Scalars['String']['output']>;
  /** conversation, email, ... */
  type: Scalars['String']['output'];
};

export const ConversationState = {
  Closed: 'CLOSED',
  Open: 'OPEN',
  Snoozed: 'SNOOZED'
} as const;

export type ConversationState = typeof ConversationState[keyof typeof ConversationState];
/** The style of an email message. */
export const EmailTemplate = {
  Personal: 'PERSONAL',
  Plain: 'PLAIN'
} as const;

export type EmailTemplate = typeof EmailTemplate[keyof typeof EmailTemplate];
/** A message created through Intercom's POST /messages. */
export type Message = {
  body: Scalars['String']['output'];
  /** The conversation the message started; null until the contact replies (admin messages). */
  conversation?: Maybe<Conversation>;
  createdAt: Scalars['DateTimeISO']['output'];
  id: Scalars['ID']['output'];
  messageType: MessageType;
  /** SENT: Intercom took it (an answer here always is). The ledger (`message(id)`) keeps its state for later. */
  state: MessageState;
};

/** A bulk send: one admin message to many contacts, sent in the background. */
export type MessageBatch = {
  __typename?: 'MessageBatch';
  counts: MessageBatchCounts;
  createdAt: Scalars['DateTimeISO']['output'];
  finishedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  id: Scalars['ID']['output'];
  /** The batch's recipients in order, each with its send's outcome. */
  messages: BatchMessageConnection;
  startedAt?: Maybe<Scalars['DateTimeISO']['output']>;
  state: MessageBatchState;
};


/** A bulk send: one admin message to many contacts, sent in the background. */
export type MessageBatchMessagesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  state?: InputMaybe<MessageState>;
};

/** A page of bulk sends, newest first. */
export type MessageBatchConnection = {
  __typename?: 'MessageBatchConnection';
  edges: Array<MessageBatchEdge>;
  pageInfo: PageInfo;
};

/** A batch's recipients by where their send stands. */
export type MessageBatchCounts = {
  __typename?: 'MessageBatchCounts';
  /** Intercom refused it, or it never left (see errorCode). */
  failed: Scalars['Int']['output'];
  /** Not sent yet (or never, in a cancelled batch). */
  pending: Scalars['Int']['output'];
  /** Intercom took the message. */
  sent: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
  /** It may have reached Intercom: never sent again; check there. */
  unknown: Scalars['Int']['output'];
};

export type MessageBatchEdge = {
  __typename?: 'MessageBatchEdge';
  cursor: Scalars['String']['output'];
  node: MessageBatch;
};

/** Where a bulk send stands. */
export const MessageBatchState = {
  /** Stopped for good; recipients left are PENDING and never sent. */
  Cancelled: 'CANCELLED',
  /** Every recipient is SENT, FAILED or UNKNOWN. */
  Completed: 'COMPLETED',
  /** Stopped by its client after the sends under way; resumable. */
  Paused: 'PAUSED',
  /** Written; no send has started yet. */
  Queued: 'QUEUED',
  /** Sending, on any replica. */
  Running: 'RUNNING'
} as const;

export type MessageBatchState = typeof MessageBatchState[keyof typeof MessageBatchState];
/** An admin or a contact as the request named them. */
export type MessageParty = {
  __typename?: 'MessageParty';
  email?: Maybe<Scalars['String']['output']>;
  id?: Maybe<Scalars['ID']['output']>;
  /** ADMIN, TEAM, USER, LEAD or VISITOR: upper case, as every enum of this schema. */
  partyType: MessagePartyType;
  /**
   * admin, team, USER, LEAD or VISITOR.
   * @deprecated Mixes cases (admin, USER): use partyType (ADMIN, USER, LEAD, VISITOR).
   */
  type: Scalars['String']['output'];
  userId?: Maybe<Scalars['String']['output']>;
};

/** Who a party of a recorded send is. */
export const MessagePartyType = {
  Admin: 'ADMIN',
  Lead: 'LEAD',
  Team: 'TEAM',
  User: 'USER',
  Visitor: 'VISITOR'
} as const;

export type MessagePartyType = typeof MessagePartyType[keyof typeof MessagePartyType];
/** Where a send stands in the ledger. */
export const MessageState = {
  /** Intercom refused it, or it never left the gateway. */
  Failed: 'FAILED',
  /** Intercom is being asked. */
  Pending: 'PENDING',
  /** Intercom took it. */
  Sent: 'SENT',
  /** It may have reached Intercom (a timeout, a gateway that died): check there. */
  Unknown: 'UNKNOWN'
} as const;

export type MessageState = typeof MessageState[keyof typeof MessageState];
/** How a message reaches the contact. */
export const MessageType = {
  /** By email. */
  Email: 'EMAIL',
  /** In the Messenger, inside your app or site. */
  InApp: 'IN_APP'
} as const;

export type MessageType = typeof MessageType[keyof typeof MessageType];
export type Mutation = {
  __typename?: 'Mutation';
  /** Assign a conversation to an admin or a team as an admin, optionally with a message. A caller who may not read the conversation may ask only for its id and parts, which hold only the part the action wrote. */
  assignConversation: Conversation;
  /** Stops a batch for good: the sends under way are still recorded; recipients left stay PENDING and are never sent. */
  cancelMessageBatch: MessageBatch;
  /** Close a conversation as an admin, optionally leaving a message. A caller who may not read the conversation may ask only for its id and parts, which hold only the part the action wrote. */
  closeConversation: Conversation;
  /** Open a closed or snoozed conversation as an admin. A caller who may not read the conversation may ask only for its id and parts, which hold only the part the action wrote. */
  openConversation: Conversation;
  /** Stops a queued or running batch after the sends under way; resumable. */
  pauseMessageBatch: MessageBatch;
  /** Reply in a conversation: as an admin (a comment the contact sees, or an internal note) or as a contact (plain text). Answers the conversation with the reply among its parts. A caller who may not read the conversation may ask only for its id and parts, which hold only the reply. */
  replyToConversation: Conversation;
  /** Goes on with a paused batch where it stopped. */
  resumeMessageBatch: MessageBatch;
  /** Send a message from an admin to a user or lead, in-app or by email. No conversation exists until the contact replies. */
  sendAdminMessage: AdminMessage;
  /** Send one admin message to many contacts. Answers at once with the batch (QUEUED); the sends happen in the background, each recipient at most once, behind live traffic. */
  sendBulkAdminMessage: MessageBatch;
  /** Send an in-app, plain-text message as a user, lead or visitor. It opens a conversation at once. */
  sendUserMessage: UserMessage;
  /** Snooze a conversation as an admin until a time, when it opens again. A caller who may not read the conversation may ask only for its id and parts, which hold only the part the action wrote. */
  snoozeConversation: Conversation;
};


export type MutationAssignConversationArgs = {
  input: AssignConversationInput;
};


export type MutationCancelMessageBatchArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCloseConversationArgs = {
  input: CloseConversationInput;
};


export type MutationOpenConversationArgs = {
  input: OpenConversationInput;
};


export type MutationPauseMessageBatchArgs = {
  id: Scalars['ID']['input'];
};


export type MutationReplyToConversationArgs = {
  input: ReplyToConversationInput;
};


export type MutationResumeMessageBatchArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSendAdminMessageArgs = {
  input: SendAdminMessageInput;
};


export type MutationSendBulkAdminMessageArgs = {
  input: BulkAdminMessageInput;
};


export type MutationSendUserMessageArgs = {
  input: SendUserMessageInput;
};


export type MutationSnoozeConversationArgs = {
  input: SnoozeConversationInput;
};

/** Opening a closed or snoozed conversation. */
export type OpenConversationInput = {
  /** The admin who acts. */
  admin: AdminInput;
  conversationId: Scalars['ID']['input'];
  /** Makes retries safe: the same key with the same input within IDEMPOTENCY_TTL_SECONDS (default 24 hours) returns the first result without sending again. 1-255 characters: letters, digits, _ - . : */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

/** Where a page of a connection lies (Relay). */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  /** One conversation by id, with its parts. null: Intercom has no such conversation. A person’s token reads only conversations they take part in: any other is null too. */
  conversation?: Maybe<Conversation>;
  /** The conversation a message started. null: the contact has not replied yet. `contact` (the recipient, or the sender of a user message) may be left out for a message the ledger holds. Once the gateway knows the conversation (a webhook, the send’s answer, an earlier lookup), no search is made: one fetch, or none when only `id` is asked for. */
  conversationForMessage?: Maybe<Conversation>;
  /** The Intercom API version this gateway speaks upstream. */
  intercomApiVersion: Scalars['String']['output'];
  /** A send or reply the gateway recorded, by its id or Intercom's message id; null when there is none the caller may see. */
  message?: Maybe<SentMessage>;
  /** A bulk send; null when there is none the caller may see (its creator, or messages:read:any). */
  messageBatch?: Maybe<MessageBatch>;
  /** Bulk sends the caller may see, newest first (at most 100 a page). */
  messageBatches: MessageBatchConnection;
  /** What the gateway sent, newest first (at most 100 a page). A JWT sees what its admins sent and what was sent to or by its person; API keys see everything. */
  messages: SentMessageConnection;
};


export type QueryConversationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryConversationForMessageArgs = {
  contact?: InputMaybe<ContactInput>;
  messageId: Scalars['ID']['input'];
};


export type QueryMessageArgs = {
  id: Scalars['ID']['input'];
};


export type QueryMessageBatchArgs = {
  id: Scalars['ID']['input'];
};


export type QueryMessageBatchesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
};


export type QueryMessagesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<SentMessageFilter>;
  first?: Scalars['Int']['input'];
};

/** Who an admin message goes to: exactly one of id, userId or email. */
export type RecipientInput = {
  email?: InputMaybe<Scalars['String']['input']>;
  /** The contact's Intercom id. */
  id?: InputMaybe<Scalars['ID']['input']>;
  type: RecipientType;
  /** Your own id for the contact (Intercom external_id / user_id). */
  userId?: InputMaybe<Scalars['String']['input']>;
};

/** Who an admin message goes to. */
export const RecipientType = {
  Lead: 'LEAD',
  User: 'USER'
} as const;

export type RecipientType = typeof RecipientType[keyof typeof RecipientType];
/** A user or lead writing in a conversation: exactly one of id, userId or email. */
export type ReplierInput = {
  email?: InputMaybe<Scalars['String']['input']>;
  /** The contact's Intercom id. */
  id?: InputMaybe<Scalars['ID']['input']>;
  type: RecipientType;
  /** Your own id for the contact (Intercom external_id / user_id). */
  userId?: InputMaybe<Scalars['String']['input']>;
};

/** A reply in a conversation: from an admin (a comment or a note) or from a contact (a comment, plain text). Exactly one of admin and contact. */
export type ReplyToConversationInput = {
  /** The admin who replies. */
  admin?: InputMaybe<AdminInput>;
  /** Up to 10 http(s) URLs of files to attach, each at most 2048 characters. */
  attachmentUrls?: InputMaybe<Array<Scalars['String']['input']>>;
  /** HTML or plain text from an admin, plain text from a contact; not empty; at most 65536 characters. */
  body: Scalars['String']['input'];
  /** The contact who replies. */
  contact?: InputMaybe<ReplierInput>;
  conversationId: Scalars['ID']['input'];
  /** Makes retries safe: the same key with the same input within IDEMPOTENCY_TTL_SECONDS (default 24 hours) returns the first result without sending again. 1-255 characters: letters, digits, _ - . : */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  messageType?: ReplyType;
};

/** What a reply is. */
export const ReplyType = {
  /** A reply the contact sees. */
  Comment: 'COMMENT',
  /** An admin’s internal note: never shown to the contact. */
  Note: 'NOTE'
} as const;

export type ReplyType = typeof ReplyType[keyof typeof ReplyType];
/** An admin-initiated message, in-app or by email. */
export type SendAdminMessageInput = {
  /** HTML or plain text; not empty; at most 65536 characters. */
  body: Scalars['String']['input'];
  /** Open the conversation in the inbox at once, without waiting for a reply. Intercom API 2.x only. */
  createConversationWithoutContactReply?: InputMaybe<Scalars['Boolean']['input']>;
  from: AdminInput;
  /** Makes retries safe: the same key with the same input within IDEMPOTENCY_TTL_SECONDS (default 24 hours) returns the first result without sending again. 1-255 characters: letters, digits, _ - . : */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  messageType: MessageType;
  /** Required for EMAIL, refused for IN_APP. At most 998 characters. */
  subject?: InputMaybe<Scalars['String']['input']>;
  /** Required for EMAIL, refused for IN_APP. */
  template?: InputMaybe<EmailTemplate>;
  to: RecipientInput;
};

/** A message from a user, lead or visitor: always in-app, plain text. */
export type SendUserMessageInput = {
  /** Plain text (no HTML); not empty; at most 65536 characters. */
  body: Scalars['String']['input'];
  from: SenderInput;
  /** Makes retries safe: the same key with the same input within IDEMPOTENCY_TTL_SECONDS (default 24 hours) returns the first result without sending again. 1-255 characters: letters, digits, _ - . : */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

/** A user, lead or visitor: exactly one of id, userId or email. */
export type SenderInput = {
  email?: InputMaybe<Scalars['String']['input']>;
  /** The contact's Intercom id. */
  id?: InputMaybe<Scalars['ID']['input']>;
  type: SenderType;
  /** Your own id for the contact (Intercom external_id / user_id). */
  userId?: InputMaybe<Scalars['String']['input']>;
};

/** Who sends a user-initiated message. A visitor becomes a lead once it has sent one. */
export const SenderType = {
  Lead: 'LEAD',
  User: 'USER',
  Visitor: 'VISITOR'
} as const;

export type SenderType = typeof SenderType[keyof typeof SenderType];
/** A send or reply as the gateway recorded it (the ledger). */
export type SentMessage = {
  __typename?: 'SentMessage';
  /** null when LEDGER_STORE_BODIES=false. */
  body?: Maybe<Scalars['String']['output']>;
  conversationId?: Maybe<Scalars['ID']['output']>;
  createdAt: Scalars['DateTimeISO']['output'];
  /** Intercom's error code, or why it failed. */
  errorCode?: Maybe<Scalars['String']['output']>;
  from: MessageParty;
  /** The gateway's own id for the entry. */
  id: Scalars['ID']['output'];
  idempotencyKey?: Maybe<Scalars['String']['output']>;
  /** Intercom's message (or part) id, once sent. */
  intercomMessageId?: Maybe<Scalars['ID']['output']>;
  intercomRequestId?: Maybe<Scalars['String']['output']>;
  kind: SentMessageKind;
  /** EMAIL, IN_APP, COMMENT or NOTE. */
  messageType: Scalars['String']['output'];
  /** The contact's Intercom id, once known. */
  resolvedContactId?: Maybe<Scalars['ID']['output']>;
  state: MessageState;
  subject?: Maybe<Scalars['String']['output']>;
  /** Who it went to: the contact of a message, the admin or team of an assignment (its id null when it unassigned that side); null for replies and other actions. */
  to?: Maybe<MessageParty>;
  updatedAt: Scalars['DateTimeISO']['output'];
};

/** A page of the ledger, newest first. */
export type SentMessageConnection = {
  __typename?: 'SentMessageConnection';
  edges: Array<SentMessageEdge>;
  pageInfo: PageInfo;
};

export type SentMessageEdge = {
  __typename?: 'SentMessageEdge';
  cursor: Scalars['String']['output'];
  node: SentMessage;
};

/** Narrows the ledger: every field given must match. */
export type SentMessageFilter = {
  /** Sent by this admin. */
  adminId?: InputMaybe<Scalars['ID']['input']>;
  /** Sent to or by this Intercom contact. */
  contactId?: InputMaybe<Scalars['ID']['input']>;
  createdAfter?: InputMaybe<Scalars['DateTimeISO']['input']>;
  createdBefore?: InputMaybe<Scalars['DateTimeISO']['input']>;
  kind?: InputMaybe<SentMessageKind>;
  state?: InputMaybe<MessageState>;
};

export const SentMessageKind = {
  AdminMessage: 'ADMIN_MESSAGE',
  ConversationAction: 'CONVERSATION_ACTION',
  Reply: 'REPLY',
  UserMessage: 'USER_MESSAGE'
} as const;

export type SentMessageKind = typeof SentMessageKind[keyof typeof SentMessageKind];
/** Snoozing a conversation until a time, when it opens again. */
export type SnoozeConversationInput = {
  /** The admin who acts. */
  admin: AdminInput;
  conversationId: Scalars['ID']['input'];
  /** Makes retries safe: the same key with the same input within IDEMPOTENCY_TTL_SECONDS (default 24 hours) returns the first result without sending again. 1-255 characters: letters, digits, _ - . : */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** When it opens again; in the future (Intercom keeps whole seconds). */
  until: Scalars['DateTimeISO']['input'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Fires once with the conversation a message started: at once if the contact has replied already, else when Intercom says so (webhook). */
  conversationStarted: Conversation;
  /** Fires each time the conversation changes (a reply, for instance). A person’s token is not told of internal changes (an admin’s note), and is answered for a conversation they take no part in as for one that does not exist (NOT_FOUND). */
  conversationUpdated: Conversation;
  /** A batch's progress: now, then its counts at most twice a second while they change, and its final state (COMPLETED or CANCELLED), then the end. */
  messageBatchProgress: MessageBatch;
};


export type SubscriptionConversationStartedArgs = {
  contact: ContactInput;
  messageId: Scalars['ID']['input'];
};


export type SubscriptionConversationUpdatedArgs = {
  conversationId: Scalars['ID']['input'];
};


export type SubscriptionMessageBatchProgressArgs = {
  id: Scalars['ID']['input'];
};

/** A message a user, lead or visitor sent. */
export type UserMessage = Message & {
  __typename?: 'UserMessage';
  body: Scalars['String']['output'];
  conversation?: Maybe<Conversation>;
  /** The conversation it opened (Intercom API 2.x). */
  conversationId?: Maybe<Scalars['ID']['output']>;
  createdAt: Scalars['DateTimeISO']['output'];
  id: Scalars['ID']['output'];
  messageType: MessageType;
  /** SENT: Intercom took it (an answer here always is). The ledger (`message(id)`) keeps its state for later. */
  state: MessageState;
};

export type MessageBatchFieldsFragment = { __typename?: 'MessageBatch', id: string, state: MessageBatchState, createdAt: string, startedAt?: string | null, finishedAt?: string | null, counts: { __typename?: 'MessageBatchCounts', total: number, sent: number, failed: number, unknown: number, pending: number } };

export type BatchMessageFieldsFragment = { __typename?: 'BatchMessage', position: number, state: MessageState, errorCode?: string | null, intercomErrorCode?: string | null, intercomMessageId?: string | null, conversationId?: string | null, updatedAt: string, to: { __typename?: 'BatchRecipientContact', type: RecipientType, id?: string | null, userId?: string | null, email?: string | null } };

export type SendBulkAdminMessageMutationVariables = Exact<{
  input: BulkAdminMessageInput;
}>;


export type SendBulkAdminMessageMutation = { __typename?: 'Mutation', sendBulkAdminMessage: { __typename?: 'MessageBatch', id: string, state: MessageBatchState, createdAt: string, startedAt?: string | null, finishedAt?: string | null, counts: { __typename?: 'MessageBatchCounts', total: number, sent: number, failed: number, unknown: number, pending: number } } };

export type MessageBatchQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type MessageBatchQuery = { __typename?: 'Query', messageBatch?: { __typename?: 'MessageBatch', id: string, state: MessageBatchState, createdAt: string, startedAt?: string | null, finishedAt?: string | null, counts: { __typename?: 'MessageBatchCounts', total: number, sent: number, failed: number, unknown: number, pending: number } } | null };

export type MessageBatchesQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type MessageBatchesQuery = { __typename?: 'Query', messageBatches: { __typename?: 'MessageBatchConnection', edges: Array<{ __typename?: 'MessageBatchEdge', cursor: string, node: { __typename?: 'MessageBatch', id: string, state: MessageBatchState, createdAt: string, startedAt?: string | null, finishedAt?: string | null, counts: { __typename?: 'MessageBatchCounts', total: number, sent: number, failed: number, unknown: number, pending: number } } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type MessageBatchRecipientsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  state?: InputMaybe<MessageState>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type MessageBatchRecipientsQuery = { __typename?: 'Query', messageBatch?: { __typename?: 'MessageBatch', id: string, messages: { __typename?: 'BatchMessageConnection', edges: Array<{ __typename?: 'BatchMessageEdge', cursor: string, node: { __typename?: 'BatchMessage', position: number, state: MessageState, errorCode?: string | null, intercomErrorCode?: string | null, intercomMessageId?: string | null, conversationId?: string | null, updatedAt: string, to: { __typename?: 'BatchRecipientContact', type: RecipientType, id?: string | null, userId?: string | null, email?: string | null } } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } } | null };

export type PauseMessageBatchMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type PauseMessageBatchMutation = { __typename?: 'Mutation', pauseMessageBatch: { __typename?: 'MessageBatch', id: string, state: MessageBatchState, createdAt: string, startedAt?: string | null, finishedAt?: string | null, counts: { __typename?: 'MessageBatchCounts', total: number, sent: number, failed: number, unknown: number, pending: number } } };

export type ResumeMessageBatchMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ResumeMessageBatchMutation = { __typename?: 'Mutation', resumeMessageBatch: { __typename?: 'MessageBatch', id: string, state: MessageBatchState, createdAt: string, startedAt?: string | null, finishedAt?: string | null, counts: { __typename?: 'MessageBatchCounts', total: number, sent: number, failed: number, unknown: number, pending: number } } };

export type CancelMessageBatchMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CancelMessageBatchMutation = { __typename?: 'Mutation', cancelMessageBatch: { __typename?: 'MessageBatch', id: string, state: MessageBatchState, createdAt: string, startedAt?: string | null, finishedAt?: string | null, counts: { __typename?: 'MessageBatchCounts', total: number, sent: number, failed: number, unknown: number, pending: number } } };

export type MessageBatchProgressSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type MessageBatchProgressSubscription = { __typename?: 'Subscription', messageBatchProgress: { __typename?: 'MessageBatch', id: string, state: MessageBatchState, createdAt: string, startedAt?: string | null, finishedAt?: string | null, counts: { __typename?: 'MessageBatchCounts', total: number, sent: number, failed: number, unknown: number, pending: number } } };

export type ConversationActionFieldsFragment = { __typename?: 'Conversation', id: string, state: ConversationState, open: boolean, snoozedUntil?: string | null, assignee?: { __typename?: 'ConversationAssignee', adminId?: string | null, teamId?: string | null } | null, parts: { __typename?: 'ConversationPartConnection', totalCount: number, edges: Array<{ __typename?: 'ConversationPartEdge', node: { __typename?: 'ConversationPart', id: string, partType: string, body?: string | null } }> } };

export type CloseConversationMutationVariables = Exact<{
  input: CloseConversationInput;
}>;


export type CloseConversationMutation = { __typename?: 'Mutation', closeConversation: { __typename?: 'Conversation', id: string, state: ConversationState, open: boolean, snoozedUntil?: string | null, assignee?: { __typename?: 'ConversationAssignee', adminId?: string | null, teamId?: string | null } | null, parts: { __typename?: 'ConversationPartConnection', totalCount: number, edges: Array<{ __typename?: 'ConversationPartEdge', node: { __typename?: 'ConversationPart', id: string, partType: string, body?: string | null } }> } } };

export type OpenConversationMutationVariables = Exact<{
  input: OpenConversationInput;
}>;


export type OpenConversationMutation = { __typename?: 'Mutation', openConversation: { __typename?: 'Conversation', id: string, state: ConversationState, open: boolean, snoozedUntil?: string | null, assignee?: { __typename?: 'ConversationAssignee', adminId?: string | null, teamId?: string | null } | null, parts: { __typename?: 'ConversationPartConnection', totalCount: number, edges: Array<{ __typename?: 'ConversationPartEdge', node: { __typename?: 'ConversationPart', id: string, partType: string, body?: string | null } }> } } };

export type SnoozeConversationMutationVariables = Exact<{
  input: SnoozeConversationInput;
}>;


export type SnoozeConversationMutation = { __typename?: 'Mutation', snoozeConversation: { __typename?: 'Conversation', id: string, state: ConversationState, open: boolean, snoozedUntil?: string | null, assignee?: { __typename?: 'ConversationAssignee', adminId?: string | null, teamId?: string | null } | null, parts: { __typename?: 'ConversationPartConnection', totalCount: number, edges: Array<{ __typename?: 'ConversationPartEdge', node: { __typename?: 'ConversationPart', id: string, partType: string, body?: string | null } }> } } };

export type AssignConversationMutationVariables = Exact<{
  input: AssignConversationInput;
}>;


export type AssignConversationMutation = { __typename?: 'Mutation', assignConversation: { __typename?: 'Conversation', id: string, state: ConversationState, open: boolean, snoozedUntil?: string | null, assignee?: { __typename?: 'ConversationAssignee', adminId?: string | null, teamId?: string | null } | null, parts: { __typename?: 'ConversationPartConnection', totalCount: number, edges: Array<{ __typename?: 'ConversationPartEdge', node: { __typename?: 'ConversationPart', id: string, partType: string, body?: string | null } }> } } };

export type ConversationFieldsFragment = { __typename?: 'Conversation', id: string, createdAt: string, updatedAt: string, state: ConversationState, open: boolean, read: boolean, partsCount?: number | null, source: { __typename?: 'ConversationSource', id: string, type: string, deliveredAs?: string | null, subject?: string | null, body?: string | null, author?: { __typename?: 'ConversationAuthor', type: string, id: string, name?: string | null, email?: string | null } | null }, contacts: Array<{ __typename?: 'ConversationContact', id: string, type: string, externalId?: string | null }> };

export type ConversationForMessageQueryVariables = Exact<{
  messageId: Scalars['ID']['input'];
  contact?: InputMaybe<ContactInput>;
}>;


export type ConversationForMessageQuery = { __typename?: 'Query', conversationForMessage?: { __typename?: 'Conversation', id: string, createdAt: string, updatedAt: string, state: ConversationState, open: boolean, read: boolean, partsCount?: number | null, source: { __typename?: 'ConversationSource', id: string, type: string, deliveredAs?: string | null, subject?: string | null, body?: string | null, author?: { __typename?: 'ConversationAuthor', type: string, id: string, name?: string | null, email?: string | null } | null }, contacts: Array<{ __typename?: 'ConversationContact', id: string, type: string, externalId?: string | null }> } | null };

export type ConversationIdForMessageQueryVariables = Exact<{
  messageId: Scalars['ID']['input'];
  contact?: InputMaybe<ContactInput>;
}>;


export type ConversationIdForMessageQuery = { __typename?: 'Query', conversationForMessage?: { __typename?: 'Conversation', id: string } | null };

export type SendAdminMessageWithConversationMutationVariables = Exact<{
  input: SendAdminMessageInput;
}>;


export type SendAdminMessageWithConversationMutation = { __typename?: 'Mutation', sendAdminMessage: { __typename?: 'AdminMessage', id: string, conversation?: { __typename?: 'Conversation', id: string, createdAt: string, updatedAt: string, state: ConversationState, open: boolean, read: boolean, partsCount?: number | null, source: { __typename?: 'ConversationSource', id: string, type: string, deliveredAs?: string | null, subject?: string | null, body?: string | null, author?: { __typename?: 'ConversationAuthor', type: string, id: string, name?: string | null, email?: string | null } | null }, contacts: Array<{ __typename?: 'ConversationContact', id: string, type: string, externalId?: string | null }> } | null } };

export type SendUserMessageWithConversationMutationVariables = Exact<{
  input: SendUserMessageInput;
}>;


export type SendUserMessageWithConversationMutation = { __typename?: 'Mutation', sendUserMessage: { __typename?: 'UserMessage', id: string, conversationId?: string | null, conversation?: { __typename?: 'Conversation', id: string, createdAt: string, updatedAt: string, state: ConversationState, open: boolean, read: boolean, partsCount?: number | null, source: { __typename?: 'ConversationSource', id: string, type: string, deliveredAs?: string | null, subject?: string | null, body?: string | null, author?: { __typename?: 'ConversationAuthor', type: string, id: string, name?: string | null, email?: string | null } | null }, contacts: Array<{ __typename?: 'ConversationContact', id: string, type: string, externalId?: string | null }> } | null } };

export type ConversationPartFieldsFragment = { __typename?: 'ConversationPart', id: string, partType: string, body?: string | null, createdAt: string, author?: { __typename?: 'ConversationAuthor', type: string, id: string, name?: string | null } | null, attachments: Array<{ __typename?: 'ConversationAttachment', name: string, url: string }> };

export type ConversationQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
}>;


export type ConversationQuery = { __typename?: 'Query', conversation?: { __typename?: 'Conversation', id: string, createdAt: string, updatedAt: string, state: ConversationState, open: boolean, read: boolean, partsCount?: number | null, parts: { __typename?: 'ConversationPartConnection', totalCount: number, edges: Array<{ __typename?: 'ConversationPartEdge', cursor: string, node: { __typename?: 'ConversationPart', id: string, partType: string, body?: string | null, createdAt: string, author?: { __typename?: 'ConversationAuthor', type: string, id: string, name?: string | null } | null, attachments: Array<{ __typename?: 'ConversationAttachment', name: string, url: string }> } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, hasPreviousPage: boolean, startCursor?: string | null, endCursor?: string | null } }, source: { __typename?: 'ConversationSource', id: string, type: string, deliveredAs?: string | null, subject?: string | null, body?: string | null, author?: { __typename?: 'ConversationAuthor', type: string, id: string, name?: string | null, email?: string | null } | null }, contacts: Array<{ __typename?: 'ConversationContact', id: string, type: string, externalId?: string | null }> } | null };

export type ReplyToConversationMutationVariables = Exact<{
  input: ReplyToConversationInput;
}>;


export type ReplyToConversationMutation = { __typename?: 'Mutation', replyToConversation: { __typename?: 'Conversation', id: string, createdAt: string, updatedAt: string, state: ConversationState, open: boolean, read: boolean, partsCount?: number | null, parts: { __typename?: 'ConversationPartConnection', totalCount: number, edges: Array<{ __typename?: 'ConversationPartEdge', node: { __typename?: 'ConversationPart', id: string, partType: string, body?: string | null, createdAt: string, author?: { __typename?: 'ConversationAuthor', type: string, id: string, name?: string | null } | null, attachments: Array<{ __typename?: 'ConversationAttachment', name: string, url: string }> } }> }, source: { __typename?: 'ConversationSource', id: string, type: string, deliveredAs?: string | null, subject?: string | null, body?: string | null, author?: { __typename?: 'ConversationAuthor', type: string, id: string, name?: string | null, email?: string | null } | null }, contacts: Array<{ __typename?: 'ConversationContact', id: string, type: string, externalId?: string | null }> } };

export type SentMessageFieldsFragment = { __typename?: 'SentMessage', id: string, intercomMessageId?: string | null, kind: SentMessageKind, state: MessageState, messageType: string, subject?: string | null, body?: string | null, resolvedContactId?: string | null, conversationId?: string | null, idempotencyKey?: string | null, errorCode?: string | null, createdAt: string, from: { __typename?: 'MessageParty', type: string, id?: string | null, userId?: string | null, email?: string | null }, to?: { __typename?: 'MessageParty', type: string, id?: string | null, userId?: string | null, email?: string | null } | null };

export type SentMessageQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type SentMessageQuery = { __typename?: 'Query', message?: { __typename?: 'SentMessage', id: string, intercomMessageId?: string | null, kind: SentMessageKind, state: MessageState, messageType: string, subject?: string | null, body?: string | null, resolvedContactId?: string | null, conversationId?: string | null, idempotencyKey?: string | null, errorCode?: string | null, createdAt: string, from: { __typename?: 'MessageParty', type: string, id?: string | null, userId?: string | null, email?: string | null }, to?: { __typename?: 'MessageParty', type: string, id?: string | null, userId?: string | null, email?: string | null } | null } | null };

export type SentMessagesQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<SentMessageFilter>;
}>;


export type SentMessagesQuery = { __typename?: 'Query', messages: { __typename?: 'SentMessageConnection', edges: Array<{ __typename?: 'SentMessageEdge', cursor: string, node: { __typename?: 'SentMessage', id: string, intercomMessageId?: string | null, kind: SentMessageKind, state: MessageState, messageType: string, subject?: string | null, body?: string | null, resolvedContactId?: string | null, conversationId?: string | null, idempotencyKey?: string | null, errorCode?: string | null, createdAt: string, from: { __typename?: 'MessageParty', type: string, id?: string | null, userId?: string | null, email?: string | null }, to?: { __typename?: 'MessageParty', type: string, id?: string | null, userId?: string | null, email?: string | null } | null } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type SendAdminMessageMutationVariables = Exact<{
  input: SendAdminMessageInput;
}>;


export type SendAdminMessageMutation = { __typename?: 'Mutation', sendAdminMessage: { __typename?: 'AdminMessage', id: string, createdAt: string, body: string, messageType: MessageType, state: MessageState, subject?: string | null, template?: EmailTemplate | null, conversationId?: string | null, owner?: { __typename?: 'Admin', id: string, name?: string | null, email?: string | null } | null } };

export type SendUserMessageMutationVariables = Exact<{
  input: SendUserMessageInput;
}>;


export type SendUserMessageMutation = { __typename?: 'Mutation', sendUserMessage: { __typename?: 'UserMessage', id: string, createdAt: string, body: string, messageType: MessageType, state: MessageState, conversationId?: string | null } };

export type IntercomApiVersionQueryVariables = Exact<{ [key: string]: never; }>;


export type IntercomApiVersionQuery = { __typename?: 'Query', intercomApiVersion: string };

export type ConversationStartedSubscriptionVariables = Exact<{
  messageId: Scalars['ID']['input'];
  contact: ContactInput;
}>;


export type ConversationStartedSubscription = { __typename?: 'Subscription', conversationStarted: { __typename?: 'Conversation', id: string, createdAt: string, updatedAt: string, state: ConversationState, open: boolean, read: boolean, partsCount?: number | null, source: { __typename?: 'ConversationSource', id: string, type: string, deliveredAs?: string | null, subject?: string | null, body?: string | null, author?: { __typename?: 'ConversationAuthor', type: string, id: string, name?: string | null, email?: string | null } | null }, contacts: Array<{ __typename?: 'ConversationContact', id: string, type: string, externalId?: string | null }> } };

export type ConversationUpdatedSubscriptionVariables = Exact<{
  conversationId: Scalars['ID']['input'];
}>;


export type ConversationUpdatedSubscription = { __typename?: 'Subscription', conversationUpdated: { __typename?: 'Conversation', id: string, createdAt: string, updatedAt: string, state: ConversationState, open: boolean, read: boolean, partsCount?: number | null, parts: { __typename?: 'ConversationPartConnection', totalCount: number, edges: Array<{ __typename?: 'ConversationPartEdge', node: { __typename?: 'ConversationPart', id: string, partType: string, body?: string | null, createdAt: string, author?: { __typename?: 'ConversationAuthor', type: string, id: string, name?: string | null } | null, attachments: Array<{ __typename?: 'ConversationAttachment', name: string, url: string }> } }> }, source: { __typename?: 'ConversationSource', id: string, type: string, deliveredAs?: string | null, subject?: string | null, body?: string | null, author?: { __typename?: 'ConversationAuthor', type: string, id: string, name?: string | null, email?: string | null } | null }, contacts: Array<{ __typename?: 'ConversationContact', id: string, type: string, externalId?: string | null }> } };

export const MessageBatchFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageBatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageBatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"unknown"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}}]}}]} as unknown as DocumentNode<MessageBatchFieldsFragment, unknown>;
export const BatchMessageFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BatchMessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BatchMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"intercomErrorCode"}},{"kind":"Field","name":{"kind":"Name","value":"intercomMessageId"}},{"kind":"Field","name":{"kind":"Name","value":"conversationId"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]} as unknown as DocumentNode<BatchMessageFieldsFragment, unknown>;
export const ConversationActionFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationActionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"snoozedUntil"}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminId"}},{"kind":"Field","name":{"kind":"Name","value":"teamId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partType"}},{"kind":"Field","name":{"kind":"Name","value":"body"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConversationActionFieldsFragment, unknown>;
export const ConversationFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"partsCount"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAs"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}}]}}]}}]} as unknown as DocumentNode<ConversationFieldsFragment, unknown>;
export const ConversationPartFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationPartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConversationPart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partType"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]} as unknown as DocumentNode<ConversationPartFieldsFragment, unknown>;
export const SentMessageFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SentMessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SentMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"intercomMessageId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"messageType"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resolvedContactId"}},{"kind":"Field","name":{"kind":"Name","value":"conversationId"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<SentMessageFieldsFragment, unknown>;
export const SendBulkAdminMessageDocument = {"__meta__":{"hash":"4a32490a0553b99c19970ab611c9cd0033f6c32242985982f27def4cf8980b63"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendBulkAdminMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BulkAdminMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendBulkAdminMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageBatchFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageBatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageBatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"unknown"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}}]}}]} as unknown as DocumentNode<SendBulkAdminMessageMutation, SendBulkAdminMessageMutationVariables>;
export const MessageBatchDocument = {"__meta__":{"hash":"8518bdb845c4b70cad3b10897d3a0f99f4e498622a83447b5c2816d9d9b51719"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MessageBatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messageBatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageBatchFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageBatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageBatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"unknown"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}}]}}]} as unknown as DocumentNode<MessageBatchQuery, MessageBatchQueryVariables>;
export const MessageBatchesDocument = {"__meta__":{"hash":"b9fa0e4e49745a25e1e2ff729b20af7b9b33c2c0eaa560b8365b3e3d451dbee6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MessageBatches"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messageBatches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageBatchFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageBatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageBatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"unknown"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}}]}}]} as unknown as DocumentNode<MessageBatchesQuery, MessageBatchesQueryVariables>;
export const MessageBatchRecipientsDocument = {"__meta__":{"hash":"07ab743abbf2022ae504a63e54ea24d3b905c5580bd5968dffab2ab24f50bdde"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MessageBatchRecipients"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"state"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"MessageState"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messageBatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"state"},"value":{"kind":"Variable","name":{"kind":"Name","value":"state"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BatchMessageFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BatchMessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BatchMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"intercomErrorCode"}},{"kind":"Field","name":{"kind":"Name","value":"intercomMessageId"}},{"kind":"Field","name":{"kind":"Name","value":"conversationId"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]} as unknown as DocumentNode<MessageBatchRecipientsQuery, MessageBatchRecipientsQueryVariables>;
export const PauseMessageBatchDocument = {"__meta__":{"hash":"8840f148bc2b3e54df9e4fba4c2f2be897cb76c861c8a819be064bb068efd3d8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PauseMessageBatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pauseMessageBatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageBatchFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageBatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageBatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"unknown"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}}]}}]} as unknown as DocumentNode<PauseMessageBatchMutation, PauseMessageBatchMutationVariables>;
export const ResumeMessageBatchDocument = {"__meta__":{"hash":"f26d21656abc0f21bce88bc9c8463c7947d6f268abab0adccb3a8fb2214f9d71"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResumeMessageBatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resumeMessageBatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageBatchFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageBatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageBatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"unknown"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}}]}}]} as unknown as DocumentNode<ResumeMessageBatchMutation, ResumeMessageBatchMutationVariables>;
export const CancelMessageBatchDocument = {"__meta__":{"hash":"8352bb98f83bbeb4b2014c9dfebfe2084c880fa6cf8720b172e061f751c926bc"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelMessageBatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelMessageBatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageBatchFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageBatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageBatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"unknown"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}}]}}]} as unknown as DocumentNode<CancelMessageBatchMutation, CancelMessageBatchMutationVariables>;
export const MessageBatchProgressDocument = {"__meta__":{"hash":"70a805e729ba1b071a3e70098f92e0d0489cd0a0dc90d3b2c4984de947808c0d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"MessageBatchProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messageBatchProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"MessageBatchFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"MessageBatchFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"MessageBatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"unknown"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}}]}}]} as unknown as DocumentNode<MessageBatchProgressSubscription, MessageBatchProgressSubscriptionVariables>;
export const CloseConversationDocument = {"__meta__":{"hash":"c1943fe9245a8733ed4646adae522603c808e47bd5098a770eedcd8ed2564552"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CloseConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CloseConversationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"closeConversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationActionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationActionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"snoozedUntil"}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminId"}},{"kind":"Field","name":{"kind":"Name","value":"teamId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partType"}},{"kind":"Field","name":{"kind":"Name","value":"body"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CloseConversationMutation, CloseConversationMutationVariables>;
export const OpenConversationDocument = {"__meta__":{"hash":"106214de0395815eae716676c8985b367b23238dd8b89ddf5c95595000b78f2d"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"OpenConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"OpenConversationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"openConversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationActionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationActionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"snoozedUntil"}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminId"}},{"kind":"Field","name":{"kind":"Name","value":"teamId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partType"}},{"kind":"Field","name":{"kind":"Name","value":"body"}}]}}]}}]}}]}}]} as unknown as DocumentNode<OpenConversationMutation, OpenConversationMutationVariables>;
export const SnoozeConversationDocument = {"__meta__":{"hash":"e63d2d2214535245c91eb2ba7a3784ad2c10dd4636b3d04319b45b9beac3dc34"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SnoozeConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SnoozeConversationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"snoozeConversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationActionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationActionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"snoozedUntil"}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminId"}},{"kind":"Field","name":{"kind":"Name","value":"teamId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partType"}},{"kind":"Field","name":{"kind":"Name","value":"body"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SnoozeConversationMutation, SnoozeConversationMutationVariables>;
export const AssignConversationDocument = {"__meta__":{"hash":"815bbe2e205a7773484ca4bd9da2b3fbe5b3ecbf22a43ed29025a9d728b0a06e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AssignConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssignConversationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assignConversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationActionFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationActionFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"snoozedUntil"}},{"kind":"Field","name":{"kind":"Name","value":"assignee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"adminId"}},{"kind":"Field","name":{"kind":"Name","value":"teamId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partType"}},{"kind":"Field","name":{"kind":"Name","value":"body"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AssignConversationMutation, AssignConversationMutationVariables>;
export const ConversationForMessageDocument = {"__meta__":{"hash":"e67c76a5a34dc7a3a4940a3be34afb8f078fc9c76819508451d58e6351962b0f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConversationForMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"messageId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contact"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ContactInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"conversationForMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"messageId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"messageId"}}},{"kind":"Argument","name":{"kind":"Name","value":"contact"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contact"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"partsCount"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAs"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}}]}}]}}]} as unknown as DocumentNode<ConversationForMessageQuery, ConversationForMessageQueryVariables>;
export const ConversationIdForMessageDocument = {"__meta__":{"hash":"b140111c0c692ae39c12ac4cd6cece3735260718535aaa228124e6c9a17c5f27"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConversationIdForMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"messageId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contact"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ContactInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"conversationForMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"messageId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"messageId"}}},{"kind":"Argument","name":{"kind":"Name","value":"contact"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contact"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<ConversationIdForMessageQuery, ConversationIdForMessageQueryVariables>;
export const SendAdminMessageWithConversationDocument = {"__meta__":{"hash":"cc50d4cf245bf93c7a52c8072c0bb66699ae3d9041c57233ce233329cf0c5d9b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendAdminMessageWithConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendAdminMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendAdminMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"conversation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"partsCount"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAs"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}}]}}]}}]} as unknown as DocumentNode<SendAdminMessageWithConversationMutation, SendAdminMessageWithConversationMutationVariables>;
export const SendUserMessageWithConversationDocument = {"__meta__":{"hash":"e7ef0c83cc75195989be3a44d1b20618a374c216d20be908d5e341386570ea5c"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendUserMessageWithConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendUserMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendUserMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"conversationId"}},{"kind":"Field","name":{"kind":"Name","value":"conversation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"partsCount"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAs"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}}]}}]}}]} as unknown as DocumentNode<SendUserMessageWithConversationMutation, SendUserMessageWithConversationMutationVariables>;
export const ConversationDocument = {"__meta__":{"hash":"d19a12a68133fe087cb3ea765e571bb542df0f5e0ccec950fcd58db8f858fd0a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Conversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"conversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationFields"}},{"kind":"Field","name":{"kind":"Name","value":"parts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationPartFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"partsCount"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAs"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationPartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConversationPart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partType"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]} as unknown as DocumentNode<ConversationQuery, ConversationQueryVariables>;
export const ReplyToConversationDocument = {"__meta__":{"hash":"47eaebdeb9e93a752633b247502ed140145cb5fc3b83b5acf1177f92be229534"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReplyToConversation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReplyToConversationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"replyToConversation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationFields"}},{"kind":"Field","name":{"kind":"Name","value":"parts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationPartFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"partsCount"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAs"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationPartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConversationPart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partType"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]} as unknown as DocumentNode<ReplyToConversationMutation, ReplyToConversationMutationVariables>;
export const SentMessageDocument = {"__meta__":{"hash":"1648b47cb9a1c65c0bb4d42381fe25ced2cc200065281499877680b502b00f37"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SentMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SentMessageFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SentMessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SentMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"intercomMessageId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"messageType"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resolvedContactId"}},{"kind":"Field","name":{"kind":"Name","value":"conversationId"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<SentMessageQuery, SentMessageQueryVariables>;
export const SentMessagesDocument = {"__meta__":{"hash":"086ebe7de78966ab0c60aeeaa6462c78001cf6692d9835a8cea585945549cab2"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SentMessages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SentMessageFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SentMessageFields"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SentMessageFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SentMessage"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"intercomMessageId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"messageType"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"from"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"to"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resolvedContactId"}},{"kind":"Field","name":{"kind":"Name","value":"conversationId"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"errorCode"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<SentMessagesQuery, SentMessagesQueryVariables>;
export const SendAdminMessageDocument = {"__meta__":{"hash":"aa9253390c3e701921bfcf0942dbd31f5331b1c61ab1840d735d020bbda401fb"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendAdminMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendAdminMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendAdminMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"messageType"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"template"}},{"kind":"Field","name":{"kind":"Name","value":"conversationId"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}}]}}]} as unknown as DocumentNode<SendAdminMessageMutation, SendAdminMessageMutationVariables>;
export const SendUserMessageDocument = {"__meta__":{"hash":"72a4a1ea36305d7d6d7434289c656215fc381f67e122c579f48ae4b6796b3708"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendUserMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SendUserMessageInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendUserMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"messageType"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"conversationId"}}]}}]}}]} as unknown as DocumentNode<SendUserMessageMutation, SendUserMessageMutationVariables>;
export const IntercomApiVersionDocument = {"__meta__":{"hash":"01d0a4522ff3acebe24994fdfa011d02e34eded62a9f84783c5ffb9984030e60"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"IntercomApiVersion"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"intercomApiVersion"}}]}}]} as unknown as DocumentNode<IntercomApiVersionQuery, IntercomApiVersionQueryVariables>;
export const ConversationStartedDocument = {"__meta__":{"hash":"5450546af6e3c7f473a5e81d50b3e5a7620fcf7069f8b932227000f4cf671a3f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConversationStarted"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"messageId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contact"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ContactInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"conversationStarted"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"messageId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"messageId"}}},{"kind":"Argument","name":{"kind":"Name","value":"contact"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contact"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"partsCount"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAs"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}}]}}]}}]} as unknown as DocumentNode<ConversationStartedSubscription, ConversationStartedSubscriptionVariables>;
export const ConversationUpdatedDocument = {"__meta__":{"hash":"02c774b2db8598edf6409d00cb7c94ae14f92098670a4fccd0fcb5c5e68202f8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ConversationUpdated"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"conversationId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"conversationUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"conversationId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"conversationId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationFields"}},{"kind":"Field","name":{"kind":"Name","value":"parts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConversationPartFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Conversation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"read"}},{"kind":"Field","name":{"kind":"Name","value":"partsCount"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAs"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"contacts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"externalId"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConversationPartFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ConversationPart"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partType"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"author"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"attachments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"url"}}]}}]}}]} as unknown as DocumentNode<ConversationUpdatedSubscription, ConversationUpdatedSubscriptionVariables>;