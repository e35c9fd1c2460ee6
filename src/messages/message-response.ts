import { IntercomBadResponseError } from '../intercom/errors';
import {
  EmailTemplate,
  MessageType,
  type AdminMessageRequest,
  type AdminSummary,
  type ContactReference,
  type SentAdminMessage,
  type SentUserMessage,
  type UserMessageRequest,
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

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function required(message: MessageWire): { id: string; createdAt: Date; body: string } {
  const id = typeof message.id === 'number' ? String(message.id) : text(message.id);
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
  return { id, createdAt: new Date(message.created_at * 1000), body: message.body };
}

function ownerOf(message: MessageWire): AdminSummary | null {
  const owner = message.owner;
  if (!owner || (typeof owner.id !== 'string' && typeof owner.id !== 'number')) return null;
  return { id: String(owner.id), name: text(owner.name), email: text(owner.email) };
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
    ...required(message),
    messageType,
    subject: email ? (text(message.subject) ?? request.subject ?? null) : null,
    // 2.x does not echo the template; it is the one the request asked for.
    template: email ? (templateOf(message.template) ?? request.template ?? null) : null,
    owner: ownerOf(message),
    conversationId: text(message.conversation_id),
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
    ...required(message),
    messageType: MessageType.IN_APP,
    conversationId: text(message.conversation_id),
    sender: referenceOf(request.from, resolvedContactId),
  };
}
