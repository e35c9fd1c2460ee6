import { adminNotFound, badParameter, notFound } from '../errors';
import { asRecord, ok, type RouteHandler } from '../context';
import type { AttachmentRecord, ConversationRecord } from '../records';
import { conversationJson } from '../serializers';
import { findContact } from './contact-lookup';

const MAX_ATTACHMENTS = 10;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function bodyOf(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw badParameter('Body is required');
  return value;
}

/** `attachment_urls`: up to 10 http(s) URLs; each becomes an attachment named after its path. */
function attachmentsOf(value: unknown): AttachmentRecord[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badParameter('attachment_urls must be an array');
  if (value.length > MAX_ATTACHMENTS) {
    throw badParameter(`attachment_urls can include up to ${MAX_ATTACHMENTS} URLs`);
  }
  return value.map((entry) => {
    let url: URL;
    try {
      url = new URL(String(entry));
    } catch {
      throw badParameter('attachment_urls must be URLs');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw badParameter('attachment_urls must be URLs');
    }
    return { name: attachmentName(url), url: url.toString() };
  });
}

/** The last segment of the URL's path, decoded where it decodes (`%` alone stays as it is). */
function attachmentName(url: URL): string {
  const segment = url.pathname.slice(url.pathname.lastIndexOf('/') + 1) || 'attachment';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function createdAtOf(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : nowSeconds();
}

/**
 * `POST /conversations/{id}/reply`, both versions: an admin's comment or note, or a contact's
 * comment (the contact named by `intercom_user_id`, `user_id` or `email`). Answers the whole
 * conversation with its parts.
 */
export const replyToConversation: RouteHandler = (request, context) => {
  const { store } = context;
  const conversation = store.conversationById(request.params.id ?? '');
  if (!conversation) throw notFound('Resource Not Found');
  const reply = asRecord(request.body);
  if (!reply) throw badParameter('Request body must be a JSON object');
  const createdAt = createdAtOf(reply.created_at);
  const attachments = attachmentsOf(reply.attachment_urls);

  if (reply.type === 'admin') {
    if (reply.message_type !== 'comment' && reply.message_type !== 'note') {
      throw badParameter('message_type must be one of comment or note');
    }
    const adminId = typeof reply.admin_id === 'number' ? String(reply.admin_id) : reply.admin_id;
    if (typeof adminId !== 'string' || adminId === '') throw badParameter('admin_id is required');
    if (!store.admins.get(adminId)) throw adminNotFound();
    store.addPart(conversation, bodyOf(reply.body), { type: 'admin', id: adminId }, createdAt, {
      partType: reply.message_type,
      attachments,
    });
    context.onConversationEvent({
      topic:
        reply.message_type === 'note' ? 'conversation.admin.noted' : 'conversation.admin.replied',
      conversationId: conversation.id,
    });
  } else if (reply.type === 'user') {
    if (reply.message_type !== 'comment') throw badParameter('message_type must be comment');
    const contact = findContact(
      store,
      { id: reply.intercom_user_id, user_id: reply.user_id, email: reply.email },
      ['user', 'lead'],
    );
    assertParticipant(conversation, contact.id);
    store.addPart(
      conversation,
      bodyOf(reply.body),
      { type: contact.role === 'user' ? 'user' : 'lead', id: contact.id },
      createdAt,
      { attachments },
    );
    if (conversation.state === 'closed') conversation.state = 'open';
    context.onConversationEvent({
      topic: 'conversation.user.replied',
      conversationId: conversation.id,
    });
  } else {
    throw badParameter('type must be one of admin or user');
  }
  return ok(conversationJson(store, conversation, request.version, true));
};

/** A contact may write only in a conversation it takes part in. */
function assertParticipant(conversation: ConversationRecord, contactId: string): void {
  if (!conversation.contactIds.includes(contactId)) {
    throw badParameter('The contact is not a participant in this conversation');
  }
}
