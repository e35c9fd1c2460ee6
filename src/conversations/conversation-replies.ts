import { keptBody } from '../intercom/answer-values';
import type { IntercomRequester } from '../intercom/client';
import type { IdempotentSends, OutcomeCodec } from '../messages/idempotency';
import type { ContactReference, RecipientType } from '../messages/message.model';
import type { LedgerRecorder } from '../ledger/ledger-recorder';
import type { LedgerEntryStart } from '../ledger/ledger.model';
import { partyOf, type SendOptions } from '../messages/message.service';
import type { Conversation, ConversationPart } from './conversation.model';
import { postToConversation, writeToConversation } from './conversation-post';
import { listedParts, toConversation } from './conversation-wire';

export type ReplyMessageType = 'COMMENT' | 'NOTE';

/** A reply to a conversation: an admin's comment or note, or a contact's comment. */
export interface ReplyRequest {
  readonly conversationId: string;
  readonly messageType: ReplyMessageType;
  readonly body: string;
  readonly attachmentUrls: readonly string[];
  readonly from: { readonly admin: string } | { readonly contact: ContactReference<RecipientType> };
}

/** What a reply led to: the conversation as Intercom answered it, and the part the reply wrote. */
export interface RepliedConversation {
  readonly conversation: Conversation;
  /** null: Intercom's answer did not list it (or a replay of a record kept without it). */
  readonly reply: ConversationPart | null;
}

type StoredDates<T, K extends keyof T> = Omit<T, K> & { [key in K]: string };
type StoredReply = {
  conversation: StoredDates<Conversation, 'createdAt' | 'updatedAt'>;
  reply: StoredDates<ConversationPart, 'createdAt'> | null;
};

/**
 * A replayed reply answers the conversation as it was, without its parts (they can be many):
 * `Conversation.parts` asks Intercom for them when a client wants them. The part the reply wrote
 * is kept: it is all a caller without read rights sees. Records kept before it was are a bare
 * conversation.
 */
const repliedCodec: OutcomeCodec<RepliedConversation> = {
  encode: ({ conversation, reply }) => ({
    conversation: {
      ...conversation,
      source: { ...conversation.source, body: keptBody(conversation.source.body) },
      parts: null,
      createdAt: conversation.createdAt.toISOString(),
      updatedAt: conversation.updatedAt.toISOString(),
    },
    reply: reply && {
      ...reply,
      body: keptBody(reply.body),
      createdAt: reply.createdAt.toISOString(),
    },
  }),
  decode: (stored) => {
    const record = stored as Partial<StoredReply>;
    const { conversation, reply } =
      record.conversation !== undefined
        ? (record as StoredReply)
        : { conversation: stored as StoredReply['conversation'], reply: null };
    return {
      conversation: {
        ...conversation,
        createdAt: new Date(conversation.createdAt),
        updatedAt: new Date(conversation.updatedAt),
      },
      reply: reply && { ...reply, createdAt: new Date(reply.createdAt) },
    };
  },
};

/** How Intercom names a contact who writes a part. */
const CONTACT_AUTHORS: ReadonlySet<string> = new Set(['user', 'lead', 'contact']);

/**
 * The part a reply wrote: the newest listed part of its type by its author (Intercom answers a
 * reply with the conversation, the reply newest; another part written meanwhile is not it).
 */
function replyPartIn(parts: readonly ConversationPart[], request: ReplyRequest) {
  const partType = request.messageType === 'NOTE' ? 'note' : 'comment';
  const wrote = (part: ConversationPart): boolean => {
    if (part.partType !== partType || !part.author) return false;
    if ('admin' in request.from) {
      return part.author.type === 'admin' && part.author.id === request.from.admin;
    }
    const { id } = request.from.contact;
    return CONTACT_AUTHORS.has(part.author.type) && (!id || part.author.id === id);
  };
  for (let index = parts.length - 1; index >= 0; index -= 1) {
    const part = parts[index]!;
    if (wrote(part)) return part;
  }
  return null;
}

/** Intercom's wire body for a reply: the same on 1.x and 2.x. */
function replyBody(request: ReplyRequest): Record<string, unknown> {
  const common = {
    message_type: request.messageType === 'NOTE' ? 'note' : 'comment',
    body: request.body,
    ...(request.attachmentUrls.length > 0 ? { attachment_urls: request.attachmentUrls } : {}),
  };
  if ('admin' in request.from) return { ...common, type: 'admin', admin_id: request.from.admin };
  const { contact } = request.from;
  const named = contact.id
    ? { intercom_user_id: contact.id }
    : contact.userId
      ? { user_id: contact.userId }
      : { email: contact.email };
  return { ...common, type: 'user', ...named };
}

/** Replies to conversations through `POST /conversations/{id}/reply`; never retried. */
export class ConversationReplies {
  constructor(
    private readonly client: IntercomRequester,
    private readonly idempotency?: IdempotentSends,
    private readonly ledger?: LedgerRecorder,
  ) {}

  reply(request: ReplyRequest, options?: SendOptions): Promise<RepliedConversation> {
    const start: LedgerEntryStart = {
      kind: 'REPLY',
      clientId: options?.clientId ?? 'unknown',
      idempotencyKey: options?.idempotencyKey ?? null,
      from:
        'admin' in request.from
          ? { type: 'admin', id: request.from.admin, userId: null, email: null }
          : partyOf(request.from.contact),
      to: null,
      messageType: request.messageType,
      subject: null,
      body: request.body,
      conversationId: request.conversationId,
    };
    return writeToConversation(
      { idempotency: this.idempotency, ledger: this.ledger },
      { start, operation: 'replyToConversation', input: request, codec: repliedCodec },
      options,
      () => this.replyNow(request),
    );
  }

  private async replyNow(request: ReplyRequest): Promise<RepliedConversation> {
    const answer = await postToConversation(
      this.client,
      request.conversationId,
      'reply',
      replyBody(request),
    );
    return {
      conversation: toConversation(answer, { afterWrite: true }),
      reply: replyPartIn(listedParts(answer), request),
    };
  }
}
