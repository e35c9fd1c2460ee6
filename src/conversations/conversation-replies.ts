import { NotFoundError } from '../domain-errors';
import type { IntercomRequester } from '../intercom/client';
import { IntercomNotFoundError } from '../intercom/errors';
import { fingerprintOf, type IdempotentSends, type OutcomeCodec } from '../messages/idempotency';
import type { ContactReference, RecipientType } from '../messages/message.model';
import type { LedgerRecorder } from '../ledger/ledger-recorder';
import type { LedgerEntryStart } from '../ledger/ledger.model';
import { partyOf, type SendOptions } from '../messages/message.service';
import type { Conversation } from './conversation.model';
import { toConversation } from './conversation-wire';

export type ReplyMessageType = 'COMMENT' | 'NOTE';

/** A reply to a conversation: an admin's comment or note, or a contact's comment. */
export interface ReplyRequest {
  readonly conversationId: string;
  readonly messageType: ReplyMessageType;
  readonly body: string;
  readonly attachmentUrls: readonly string[];
  readonly from: { readonly admin: string } | { readonly contact: ContactReference<RecipientType> };
}

/**
 * A replayed reply answers the conversation as it was, without its parts (they can be many):
 * `Conversation.parts` asks Intercom for them when a client wants them.
 */
const conversationCodec: OutcomeCodec<Conversation> = {
  encode: (value) => ({
    ...value,
    parts: null,
    createdAt: value.createdAt.toISOString(),
    updatedAt: value.updatedAt.toISOString(),
  }),
  decode: (stored) => {
    const value = stored as Conversation & { createdAt: string; updatedAt: string };
    return { ...value, createdAt: new Date(value.createdAt), updatedAt: new Date(value.updatedAt) };
  },
};

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

  reply(request: ReplyRequest, options?: SendOptions): Promise<Conversation> {
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
    const send = () =>
      this.ledger
        ? this.ledger.run(
            start,
            () => this.replyNow(request),
            (conversation) => ({
              state: 'SENT',
              // Intercom answers a reply with the conversation: its newest part is the reply.
              intercomMessageId: conversation.parts?.[conversation.parts.length - 1]?.id ?? null,
              conversationId: conversation.id,
              resolvedContactId: null,
            }),
          )
        : this.replyNow(request);
    if (!this.idempotency || !options?.idempotencyKey) return send();
    return this.idempotency.run(
      `${options.clientId}:${options.idempotencyKey}`,
      fingerprintOf('replyToConversation', request),
      conversationCodec,
      send,
    );
  }

  private async replyNow(request: ReplyRequest): Promise<Conversation> {
    let answer: unknown;
    try {
      answer = await this.client.request<unknown>({
        method: 'POST',
        path: `/conversations/${encodeURIComponent(request.conversationId)}/reply`,
        body: replyBody(request),
        kind: 'send',
        route: 'POST /conversations/:id/reply',
      });
    } catch (error) {
      // Intercom's 404 for the path itself: the conversation (an admin or a contact says so).
      if (
        error instanceof IntercomNotFoundError &&
        error.upstreamMessage === 'Resource Not Found'
      ) {
        throw new NotFoundError('Intercom has no conversation with that id.');
      }
      throw error;
    }
    return toConversation(answer);
  }
}
