import { EmulatorHttpError, adminNotFound, badParameter, missingParameter } from '../errors';
import {
  asRecord,
  ok,
  type EmulatorContext,
  type EmulatorRequest,
  type RouteHandler,
} from '../context';
import type { ContactRecord, ContactRole, WireMessageType } from '../records';
import { messageJson } from '../serializers';
import { isAtLeast, type ApiVersion } from '../versions';
import { containsHtmlTag } from '../plain-text';
import { assertMessageable, findContact } from './contact-lookup';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function requireBody(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw badParameter('Body is required');
  return value;
}

function messageTypeOf(value: unknown): WireMessageType {
  if (value === 'inapp' || value === 'in_app') return 'inapp';
  if (value === 'email') return 'email';
  if (value === undefined || value === null) throw badParameter('Message type is required');
  throw badParameter('Message type must be one of inapp or email');
}

function adminIdOf(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  throw badParameter('from.id must be the id of an admin');
}

/** 1.x `to`: `{type: user|contact, id|user_id|email}`, email only for users. */
function recipientsV1(context: EmulatorContext, to: unknown): ContactRecord[] {
  const recipient = asRecord(to);
  if (!recipient) throw badParameter('to must be an object');
  if (recipient.type === 'user') return [findContact(context.store, recipient, ['user'])];
  if (recipient.type === 'contact') {
    if (
      recipient.email !== undefined &&
      recipient.id === undefined &&
      recipient.user_id === undefined
    ) {
      throw badParameter('A contact recipient is identified by id or user_id');
    }
    return [findContact(context.store, recipient, ['lead'])];
  }
  throw badParameter('to.type must be one of user or contact');
}

/** 2.x recipients: `{type: user|lead, id}`; from 2.14 also an array. */
function recipientsV2(
  context: EmulatorContext,
  version: ApiVersion,
  field: string,
  value: unknown,
): ContactRecord[] {
  const list = Array.isArray(value) ? value : [value];
  if (Array.isArray(value) && !isAtLeast(version, 2, 14)) {
    throw badParameter(`${field} must be an object`);
  }
  if (list.length === 0) throw badParameter(`${field} must name at least one recipient`);
  return list.map((entry) => {
    const recipient = asRecord(entry);
    if (!recipient) throw badParameter(`${field} must be an object`);
    if (recipient.type !== 'user' && recipient.type !== 'lead') {
      throw badParameter(`${field}.type must be one of user or lead`);
    }
    if (typeof recipient.id !== 'string' || recipient.id === '') {
      throw badParameter(`${field}.id is required`);
    }
    return findContact(context.store, { id: recipient.id }, [recipient.type]);
  });
}

function createAdminMessage(
  request: EmulatorRequest,
  context: EmulatorContext,
  body: Record<string, unknown>,
  from: Record<string, unknown>,
) {
  const { version } = request;
  const messageType = messageTypeOf(body.message_type);
  const text = requireBody(body.body);
  let subject = '';
  let template: 'plain' | 'personal' | null = null;
  if (messageType === 'email') {
    if (typeof body.subject !== 'string' || body.subject === '') {
      throw missingParameter('No subject supplied for email message');
    }
    subject = body.subject;
    if (body.template === undefined || body.template === null) {
      if (version.major === 2) throw missingParameter('No template supplied for email message');
      template = 'plain';
    } else if (body.template === 'plain' || body.template === 'personal') {
      template = body.template;
    } else {
      throw badParameter('Template must be one of plain or personal');
    }
  } else if (typeof body.subject === 'string') {
    subject = body.subject;
  }

  const admin = context.store.admins.get(adminIdOf(from.id));
  if (!admin) throw adminNotFound();

  if (body.to === undefined || body.to === null) throw badParameter('to is required');
  const recipients =
    version.major === 1
      ? recipientsV1(context, body.to)
      : recipientsV2(context, version, 'to', body.to);
  if (version.major === 2) {
    for (const field of ['cc', 'bcc'] as const) {
      if (body[field] === undefined) continue;
      if (!isAtLeast(version, 2, 14)) throw badParameter(`${field} is not supported before 2.14`);
      recipients.push(...recipientsV2(context, version, field, body[field]));
    }
  }
  const now = Date.now();
  for (const contact of recipients) assertMessageable(contact, now);
  if (messageType === 'email' && recipients.some((contact) => contact.unsubscribedFromEmails)) {
    throw new EmulatorHttpError(403, 'forbidden', 'This user is unsubscribed from emails');
  }

  let createdAt = nowSeconds();
  if (version.major === 2 && isAtLeast(version, 2, 11) && body.created_at !== undefined) {
    if (typeof body.created_at !== 'number' || !Number.isInteger(body.created_at)) {
      throw badParameter('created_at must be a UNIX timestamp');
    }
    createdAt = body.created_at;
  }
  const openNow = body.create_conversation_without_contact_reply;
  if (version.major === 2 && openNow !== undefined && typeof openNow !== 'boolean') {
    throw badParameter('create_conversation_without_contact_reply must be a boolean');
  }

  const message = context.store.addMessage({
    kind: 'admin_message',
    messageType,
    subject,
    body: text,
    template,
    authorId: admin.id,
    contactIds: recipients.map((contact) => contact.id),
    createdAt,
  });
  if (version.major === 2 && openNow === true) {
    const conversation = context.store.addConversation({
      messageId: message.id,
      sourceType: messageType === 'email' ? 'email' : 'conversation',
      deliveredAs: 'admin_initiated',
      subject,
      body: text,
      author: { type: 'admin', id: admin.id },
      contactIds: message.contactIds.slice(0, 1),
      createdAt,
    });
    context.onConversationEvent({
      topic: 'conversation.admin.single.created',
      conversationId: conversation.id,
    });
  }
  return ok(messageJson(message, version, admin));
}

const SENDER_ROLES: Record<string, readonly ContactRole[]> = {
  user: ['user'],
  lead: ['lead'],
  contact: ['lead', 'visitor'],
};

function createUserMessage(
  request: EmulatorRequest,
  context: EmulatorContext,
  body: Record<string, unknown>,
  from: Record<string, unknown>,
) {
  const roles = SENDER_ROLES[from.type as string] ?? [];
  const text = requireBody(body.body);
  if (containsHtmlTag(text)) {
    throw badParameter('User messages are plain text: HTML is not supported');
  }
  if (body.message_type !== undefined && messageTypeOf(body.message_type) !== 'inapp') {
    throw badParameter('User messages are always in-app: email is not supported');
  }
  if (from.id === undefined && from.user_id === undefined && from.email === undefined) {
    throw badParameter('from needs an id, user_id or email');
  }
  const sender = findContact(context.store, from, roles);
  assertMessageable(sender);
  // A visitor who sends a message becomes a lead.
  if (sender.role === 'visitor') sender.role = 'lead';
  const createdAt = nowSeconds();
  const message = context.store.addMessage({
    kind: 'user_message',
    messageType: 'inapp',
    subject: '',
    body: text,
    template: null,
    authorId: sender.id,
    contactIds: [sender.id],
    createdAt,
  });
  // User messages appear as a conversation in Intercom at once.
  const conversation = context.store.addConversation({
    messageId: message.id,
    sourceType: 'conversation',
    deliveredAs: 'customer_initiated',
    subject: '',
    body: text,
    author: { type: sender.role === 'user' ? 'user' : 'lead', id: sender.id },
    contactIds: [sender.id],
    createdAt,
  });
  conversation.waitingSince = createdAt;
  context.onConversationEvent({
    topic: 'conversation.user.created',
    conversationId: conversation.id,
  });
  return ok(messageJson(message, request.version));
}

/** `POST /messages`: admin-initiated when `from.type` is admin, user-initiated otherwise. */
export const createMessage: RouteHandler = (request, context) => {
  const body = asRecord(request.body);
  if (!body) throw badParameter('Body is required');
  const from = asRecord(body.from);
  if (!from) throw badParameter('from is required');
  if (from.type === 'admin') return createAdminMessage(request, context, body, from);
  if (typeof from.type === 'string' && from.type in SENDER_ROLES) {
    return createUserMessage(request, context, body, from);
  }
  throw badParameter('from.type must be one of admin, user, lead or contact');
};
