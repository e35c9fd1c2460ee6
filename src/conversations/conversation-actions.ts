import { keptBody } from '../intercom/answer-values';
import type { IntercomRequester } from '../intercom/client';
import type { LedgerRecorder } from '../ledger/ledger-recorder';
import type { LedgerEntryStart, LedgerParty } from '../ledger/ledger.model';
import type { IdempotentSends, OutcomeCodec } from '../messages/idempotency';
import type { SendOptions } from '../messages/message.service';
import type { Conversation, ConversationPart } from './conversation.model';
import { postToConversation, writeToConversation } from './conversation-post';
import { listedParts, toConversation } from './conversation-wire';

/** What an admin does to a conversation besides writing in it. */
export type ConversationAction =
  | { readonly kind: 'CLOSE'; readonly body: string | null }
  | { readonly kind: 'OPEN' }
  | { readonly kind: 'SNOOZE'; readonly until: Date }
  | {
      readonly kind: 'ASSIGN';
      /** `id` null: unassigns that side (Intercom's `0`). */
      readonly assignee: { readonly type: 'admin' | 'team'; readonly id: string | null };
      readonly body: string | null;
    };

export interface ActionRequest {
  readonly conversationId: string;
  /** The admin who acts. */
  readonly adminId: string;
  readonly action: ConversationAction;
}

/** The conversation as Intercom answered the action, and the part the action wrote. */
export interface ActedConversation {
  readonly conversation: Conversation;
  /** null: Intercom's answer did not list it. */
  readonly reply: ConversationPart | null;
}

/** The part types an action writes, by kind (an assignment may also reopen). */
const PART_TYPES: Record<ConversationAction['kind'], readonly string[]> = {
  CLOSE: ['close'],
  OPEN: ['open'],
  SNOOZE: ['snoozed'],
  ASSIGN: ['assignment', 'assign_and_reopen'],
};
const MESSAGE_TYPES = {
  CLOSE: 'close',
  OPEN: 'open',
  SNOOZE: 'snoozed',
  ASSIGN: 'assignment',
} as const;

/**
 * Intercom's wire body. 2.x: `POST /conversations/{id}/parts`, the assignee's type named; 1.x:
 * the reply endpoint with the same message types, `type: admin`, the assignee by id alone.
 */
function actionBody(request: ActionRequest, major: 1 | 2): Record<string, unknown> {
  const { action } = request;
  const common = { message_type: MESSAGE_TYPES[action.kind], admin_id: request.adminId };
  const withBody = (body: string | null) => (body === null ? {} : { body });
  switch (action.kind) {
    case 'CLOSE':
      return { ...common, type: 'admin', ...withBody(action.body) };
    case 'OPEN':
      return major === 1 ? { ...common, type: 'admin' } : common;
    case 'SNOOZE':
      return {
        ...common,
        ...(major === 1 ? { type: 'admin' } : {}),
        snoozed_until: Math.floor(action.until.getTime() / 1000),
      };
    case 'ASSIGN':
      return {
        ...common,
        type: major === 1 ? 'admin' : action.assignee.type,
        assignee_id: action.assignee.id ?? '0',
        ...withBody(action.body),
      };
  }
}

/** The newest listed part of the action's type by the acting admin. */
function actionPartIn(parts: readonly ConversationPart[], request: ActionRequest) {
  const types = PART_TYPES[request.action.kind];
  for (let index = parts.length - 1; index >= 0; index -= 1) {
    const part = parts[index]!;
    if (
      types.includes(part.partType) &&
      part.author?.type === 'admin' &&
      part.author.id === request.adminId
    ) {
      return part;
    }
  }
  return null;
}

type Stored = {
  conversation: Omit<Conversation, 'createdAt' | 'updatedAt' | 'snoozedUntil'> & {
    createdAt: string;
    updatedAt: string;
    snoozedUntil: string | null;
  };
  reply: (Omit<ConversationPart, 'createdAt'> & { createdAt: string }) | null;
};

/** A replay answers the conversation as it was, without its parts but the one the action wrote. */
const actedCodec: OutcomeCodec<ActedConversation> = {
  encode: ({ conversation, reply }) => ({
    conversation: {
      ...conversation,
      source: { ...conversation.source, body: keptBody(conversation.source.body) },
      parts: null,
      createdAt: conversation.createdAt.toISOString(),
      updatedAt: conversation.updatedAt.toISOString(),
      snoozedUntil: conversation.snoozedUntil?.toISOString() ?? null,
    },
    reply: reply && {
      ...reply,
      body: keptBody(reply.body),
      createdAt: reply.createdAt.toISOString(),
    },
  }),
  decode: (value) => {
    const { conversation, reply } = value as Stored;
    return {
      conversation: {
        ...conversation,
        createdAt: new Date(conversation.createdAt),
        updatedAt: new Date(conversation.updatedAt),
        snoozedUntil:
          conversation.snoozedUntil === null ? null : new Date(conversation.snoozedUntil),
      },
      reply: reply && { ...reply, createdAt: new Date(reply.createdAt) },
    };
  },
};

/**
 * Who an assignment went to, as the entry's `to`: the admin or team (types spelt as Intercom
 * does, like the acting admin's); an unassignment names its side with no id.
 */
function assigneeParty(action: ConversationAction): LedgerParty | null {
  if (action.kind !== 'ASSIGN') return null;
  return { type: action.assignee.type, id: action.assignee.id, userId: null, email: null };
}

/** What the ledger keeps of an action: who acted, what, where, to whom, and the message left. */
function ledgerStart(request: ActionRequest, options?: SendOptions): LedgerEntryStart {
  const { action } = request;
  return {
    kind: 'CONVERSATION_ACTION',
    clientId: options?.clientId ?? 'unknown',
    idempotencyKey: options?.idempotencyKey ?? null,
    from: { type: 'admin', id: request.adminId, userId: null, email: null },
    to: assigneeParty(action),
    messageType: action.kind,
    subject: null,
    body: action.kind === 'CLOSE' || action.kind === 'ASSIGN' ? action.body : null,
    conversationId: request.conversationId,
  };
}

/**
 * Closes, opens, snoozes and assigns conversations as an admin, on the configured version's
 * endpoint; never retried once sent (like replies), recorded in the ledger, idempotent by key.
 */
export class ConversationActions {
  constructor(
    private readonly client: IntercomRequester,
    private readonly idempotency?: IdempotentSends,
    private readonly ledger?: LedgerRecorder,
  ) {}

  act(request: ActionRequest, options?: SendOptions): Promise<ActedConversation> {
    return writeToConversation(
      { idempotency: this.idempotency, ledger: this.ledger },
      {
        start: ledgerStart(request, options),
        operation: `conversationAction:${request.action.kind}`,
        input: request,
        codec: actedCodec,
      },
      options,
      () => this.actNow(request),
    );
  }

  private async actNow(request: ActionRequest): Promise<ActedConversation> {
    const major = this.client.version.startsWith('1.') ? 1 : 2;
    const endpoint = major === 1 ? 'reply' : 'parts';
    const answer = await postToConversation(
      this.client,
      request.conversationId,
      endpoint,
      actionBody(request, major),
    );
    return {
      conversation: toConversation(answer, { afterWrite: true }),
      reply: actionPartIn(listedParts(answer), request),
    };
  }
}
