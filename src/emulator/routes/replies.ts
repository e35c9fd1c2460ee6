import { adminNotFound, badParameter, notFound } from '../errors';
import { asRecord, ok, type RouteHandler } from '../context';
import { attachmentOfFile, attachmentsFromUrls, filesOf } from '../attachments';
import { ACTION_TYPES, applyAction } from '../conversation-actions';
import type { AttachmentRecord, ConversationRecord } from '../records';
import type { EmulatorStore } from '../store';
import { conversationJson } from '../serializers';
import { findContact } from './contact-lookup';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function bodyOf(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw badParameter('Body is required');
  return value;
}

/** `attachment_urls` and `attachment_files` together; the files are kept to be served. */
function attachmentsOf(
  reply: Record<string, unknown>,
  store: EmulatorStore,
  origin: string,
): AttachmentRecord[] {
  const fromUrls = attachmentsFromUrls(reply.attachment_urls);
  const files = filesOf(reply.attachment_files);
  return [...fromUrls, ...files.map((file) => attachmentOfFile(store.addFile(file), origin))];
}

/**
 * The conversation written in: by id, or `last`, the replying contact's most recently updated
 * conversation (the SDK reference's example). An admin has no `last`.
 */
function conversationOf(
  store: EmulatorStore,
  id: string,
  contactId: string | null,
): ConversationRecord {
  const conversation =
    id === 'last'
      ? contactId === null
        ? undefined
        : store.conversationsOfContact(contactId)[0]
      : store.conversationById(id);
  if (!conversation) throw notFound('Resource Not Found');
  return conversation;
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
  const id = request.params.id ?? '';
  const reply = asRecord(request.body);
  if (!reply) {
    if (id !== 'last') conversationOf(store, id, null);
    throw badParameter('Request body must be a JSON object');
  }
  // 1.x closes, opens, snoozes and assigns here; 2.x at /parts.
  if (
    request.version.major === 1 &&
    typeof reply.message_type === 'string' &&
    ACTION_TYPES.has(reply.message_type)
  ) {
    const conversation = conversationOf(store, id, null);
    applyAction(context, conversation, reply, 1);
    return ok(conversationJson(store, conversation, request.version, true));
  }

  if (reply.type === 'admin') {
    const conversation = conversationOf(store, id, null);
    if (reply.message_type !== 'comment' && reply.message_type !== 'note') {
      throw badParameter('message_type must be one of comment or note');
    }
    const adminId = typeof reply.admin_id === 'number' ? String(reply.admin_id) : reply.admin_id;
    if (typeof adminId !== 'string' || adminId === '') throw badParameter('admin_id is required');
    if (!store.admins.get(adminId)) throw adminNotFound();
    const text = bodyOf(reply.body);
    const createdAt = createdAtOf(reply.created_at);
    const attachments = attachmentsOf(reply, store, request.origin);
    store.addPart(conversation, text, { type: 'admin', id: adminId }, createdAt, {
      partType: reply.message_type,
      attachments,
    });
    context.onConversationEvent({
      topic:
        reply.message_type === 'note' ? 'conversation.admin.noted' : 'conversation.admin.replied',
      conversationId: conversation.id,
    });
    return ok(conversationJson(store, conversation, request.version, true));
  }
  if (reply.type === 'user') {
    if (id !== 'last') conversationOf(store, id, null);
    if (reply.message_type !== 'comment') throw badParameter('message_type must be comment');
    const contact = findContact(
      store,
      { id: reply.intercom_user_id, user_id: reply.user_id, email: reply.email },
      ['user', 'lead'],
    );
    const conversation = conversationOf(store, id, contact.id);
    assertParticipant(conversation, contact.id);
    const text = bodyOf(reply.body);
    const createdAt = createdAtOf(reply.created_at);
    const attachments = attachmentsOf(reply, store, request.origin);
    // A contact's reply reopens a closed or snoozed conversation.
    conversation.state = 'open';
    conversation.snoozedUntil = null;
    store.addPart(
      conversation,
      text,
      { type: contact.role === 'user' ? 'user' : 'lead', id: contact.id },
      createdAt,
      { attachments },
    );
    context.onConversationEvent({
      topic: 'conversation.user.replied',
      conversationId: conversation.id,
    });
    return ok(conversationJson(store, conversation, request.version, true));
  }
  if (id !== 'last') conversationOf(store, id, null);
  throw badParameter('type must be one of admin or user');
};

/** A contact may write only in a conversation it takes part in. */
function assertParticipant(conversation: ConversationRecord, contactId: string): void {
  if (!conversation.contactIds.includes(contactId)) {
    throw badParameter('The contact is not a participant in this conversation');
  }
}
