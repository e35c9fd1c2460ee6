import {
  ANSWER_BODY_MAX_LENGTH,
  ANSWER_NAME_MAX_LENGTH,
  boundedText as bounded,
} from '../intercom/answer-values';
import { IntercomBadResponseError } from '../intercom/errors';
import { EMAIL_MAX_LENGTH, intercomIdOf } from '../intercom/id-shapes';
import {
  EmailTemplate,
  MessageType,
  type AdminMessageRequest,
  type AdminSummary,
  type ContactReference,
  type SentAdminMessage,
  type SentUserMessage,
  type UserMessageRequest,
  SUBJECT_MAX_LENGTH,
} from './message.model';

/** What Intercom answers to `POST /messages`, as far as the gateway reads it. */
export interface MessageWire {
  type?: unknown;
  id?: unknown;
  created_at?: unknown;
  subject?: unknown;
  body?: unknown;
  message_type?: unknown;
  template?: unknown;
  conversation_id?: unknown;
  owner?: { id?: unknown; name?: unknown; email?: unknown } | null;
}

/** The body as Intercom answered it, or the request's own when the answer's is past its bound. */
const bodyOf = (answered: string, requested: string): string =>
  answered.length <= ANSWER_BODY_MAX_LENGTH ? answered : requested;

function required(
  message: MessageWire,
  requestBody: string,
): { id: string; createdAt: Date; body: string } {
  const id = intercomIdOf(message.id);
  if (id === null || typeof message.created_at !== 'number' || typeof message.body !== 'string') {
    // The message was created; only its description is unreadable.
    throw new IntercomBadResponseError(
      'Intercom answered with a message the gateway cannot read.',
      {
        status: 200,
        mayHaveBeenSent: true,
      },
    );
  }
  return {
    id,
    createdAt: new Date(message.created_at * 1000),
    body: bodyOf(message.body, requestBody),
  };
}

function ownerOf(message: MessageWire): AdminSummary | null {
  const owner = message.owner;
  const id = intercomIdOf(owner?.id);
  if (!owner || id === null) return null;
  return {
    id,
    name: bounded(owner.name, ANSWER_NAME_MAX_LENGTH),
    email: bounded(owner.email, EMAIL_MAX_LENGTH),
  };
}

/**
 * The contact as a plain record of its own: a send's result outlives its request (idempotency
 * records keep it for a day), and must not hold on to the request's input objects.
 */
function referenceOf<Type extends string>(
  contact: ContactReference<Type>,
  /** The contact's Intercom id where the gateway looked it up (the request named another id). */
  resolvedId: string | null,
): ContactReference<Type> {
  return {
    type: contact.type,
    id: contact.id ?? resolvedId,
    userId: contact.userId ?? null,
    email: contact.email ?? null,
  };
}

function templateOf(value: unknown): EmailTemplate | null {
  if (value === 'plain') return EmailTemplate.PLAIN;
  if (value === 'personal') return EmailTemplate.PERSONAL;
  return null;
}

export function toSentAdminMessage(
  message: MessageWire,
  request: AdminMessageRequest,
  resolvedContactId: string | null = null,
): SentAdminMessage {
  const messageType = message.message_type === 'email' ? MessageType.EMAIL : MessageType.IN_APP;
  const email = messageType === MessageType.EMAIL;
  return {
    kind: 'admin',
    state: 'SENT',
    ...required(message, request.body),
    messageType,
    subject: email
      ? (bounded(message.subject, SUBJECT_MAX_LENGTH) ?? request.subject ?? null)
      : null,
    // 2.x does not echo the template; it is the one the request asked for.
    template: email ? (templateOf(message.template) ?? request.template ?? null) : null,
    owner: ownerOf(message),
    conversationId: intercomIdOf(message.conversation_id),
    recipient: referenceOf(request.to, resolvedContactId),
  };
}

export function toSentUserMessage(
  message: MessageWire,
  request: UserMessageRequest,
  resolvedContactId: string | null = null,
): SentUserMessage {
  return {
    kind: 'user',
    state: 'SENT',
    ...required(message, request.body),
    messageType: MessageType.IN_APP,
    conversationId: intercomIdOf(message.conversation_id),
    sender: referenceOf(request.from, resolvedContactId),
  };
}
