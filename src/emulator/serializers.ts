import type { EmulatorStore } from './store';
import type {
  AdminRecord,
  AttachmentRecord,
  ContactRecord,
  ConversationRecord,
  MessageRecord,
} from './records';
import { isAtLeast, type ApiVersion } from './versions';

/** Turns records into the JSON Intercom sends for the request's API version. */

export function adminJson(admin: AdminRecord): Record<string, unknown> {
  return {
    type: 'admin',
    id: admin.id,
    name: admin.name,
    email: admin.email,
    job_title: admin.jobTitle,
    away_mode_enabled: false,
    away_mode_reassign: false,
    has_inbox_seat: true,
    team_ids: [],
    avatar: null,
  };
}

/**
 * An admin message's `owner`. The message schema declares none, but every documented answer has
 * one (the 1.x and 2.x pages, 2.16's example).
 */
export function ownerJson(admin: AdminRecord): Record<string, unknown> {
  return { type: 'admin', id: admin.id, name: admin.name, email: admin.email };
}

export function contactJson(contact: ContactRecord): Record<string, unknown> {
  return {
    type: 'contact',
    id: contact.id,
    workspace_id: 'emulator',
    external_id: contact.externalId,
    role: contact.role,
    // Intercom's description types it as a string: a contact without one has "".
    email: contact.email ?? '',
    phone: null,
    name: contact.name,
    avatar: null,
    owner_id: null,
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: contact.unsubscribedFromEmails,
    created_at: contact.createdAt,
    updated_at: contact.updatedAt,
    signed_up_at: contact.role === 'user' ? contact.createdAt : null,
    last_seen_at: null,
    custom_attributes: {},
  };
}

export function messageJson(message: MessageRecord, version: ApiVersion, owner?: AdminRecord) {
  if (message.kind === 'user_message') {
    return {
      type: 'user_message',
      id: message.id,
      created_at: message.createdAt,
      body: message.body,
      message_type: 'inapp',
      ...(version.major === 2 && message.conversationId !== null
        ? { conversation_id: message.conversationId }
        : {}),
    };
  }
  const email = message.messageType === 'email';
  return {
    type: 'admin_message',
    id: message.id,
    created_at: message.createdAt,
    // "Only present if message_type: email" (2.16), or when an in-app message was given one.
    ...(email || message.subject !== '' ? { subject: message.subject } : {}),
    body: message.body,
    message_type: message.messageType,
    // 1.x answers every admin message with its template; 2.x's documented answer, emails.
    ...(version.major === 1 || email ? { template: message.template ?? 'plain' } : {}),
    ...(version.major === 2 && message.conversationId !== null
      ? { conversation_id: message.conversationId }
      : {}),
    ...(owner ? { owner: ownerJson(owner) } : {}),
  };
}

function authorJson(store: EmulatorStore, author: ConversationRecord['author']) {
  if (author.type === 'admin') {
    const admin = store.admins.get(author.id);
    return { type: 'admin', id: author.id, name: admin?.name ?? null, email: admin?.email ?? null };
  }
  const contact = store.contactById(author.id);
  return {
    type: author.type,
    id: author.id,
    name: contact?.name ?? null,
    email: contact?.email ?? null,
  };
}

/**
 * `part_attachment`: size and dimensions are integers when known and left out when not (a URL
 * is not fetched, a file that is no PNG or GIF has no dimensions read): the schema declares no
 * null for them.
 */
function attachmentJson(attachment: AttachmentRecord) {
  return {
    type: 'upload',
    name: attachment.name,
    url: attachment.url,
    content_type: attachment.contentType,
    ...(attachment.filesize === null ? {} : { filesize: attachment.filesize }),
    ...(attachment.width === null ? {} : { width: attachment.width }),
    ...(attachment.height === null ? {} : { height: attachment.height }),
  };
}

function partJson(
  store: EmulatorStore,
  part: ConversationRecord['parts'][number],
  version: ApiVersion,
) {
  return {
    // 2.16: the conversation's state once the part was written.
    ...(isAtLeast(version, 2, 16) ? { state: part.state } : {}),
    type: 'conversation_part',
    id: part.id,
    part_type: part.partType,
    body: part.body,
    created_at: part.createdAt,
    updated_at: part.createdAt,
    notified_at: part.createdAt,
    assigned_to: part.assignedTo && { type: part.assignedTo.type, id: part.assignedTo.id },
    author: authorJson(store, part.author),
    attachments: part.attachments.map(attachmentJson),
    external_id: null,
    redacted: false,
  };
}

/** 2.16 answers an unassigned conversation with 0; earlier 2.x with null. Ids are integers. */
function assigneeIdJson(id: string | null, v216: boolean): number | null {
  return id === null ? (v216 ? 0 : null) : Number(id);
}

function contactRef(store: EmulatorStore, contactId: string) {
  return { type: 'contact', id: contactId, external_id: store.contactById(contactId)?.externalId };
}

/**
 * 2.x conversation; `withParts` for `GET /conversations/{id}`. From 2.16 the shapes follow that
 * version's description: `priority` is none/low/medium/high/urgent, unassigned ids are 0, and
 * statistics leave out what has not happened; earlier 2.x keep their own (`not_priority`, null).
 */
export function conversationJsonV2(
  store: EmulatorStore,
  conversation: ConversationRecord,
  withParts: boolean,
  version: ApiVersion,
) {
  const v216 = isAtLeast(version, 2, 16);
  // A conversation the contact started has its first contact reply in its source.
  const firstReply =
    conversation.deliveredAs === 'customer_initiated'
      ? { createdAt: conversation.createdAt }
      : conversation.parts.find((part) => part.author.type !== 'admin');
  return {
    type: 'conversation',
    id: conversation.id,
    title: null,
    created_at: conversation.createdAt,
    updated_at: conversation.updatedAt,
    waiting_since: conversation.waitingSince,
    snoozed_until: conversation.snoozedUntil,
    source: {
      type: conversation.sourceType,
      id: conversation.messageId,
      delivered_as: conversation.deliveredAs,
      subject: conversation.subject,
      body: conversation.body,
      author: authorJson(store, conversation.author),
      attachments: [],
      url: null,
      redacted: false,
    },
    contacts: {
      type: 'contact.list',
      contacts: conversation.contactIds.map((id) => contactRef(store, id)),
    },
    first_contact_reply: firstReply
      ? { created_at: firstReply.createdAt, type: conversation.sourceType, url: null }
      : null,
    admin_assignee_id: assigneeIdJson(conversation.adminAssigneeId, v216),
    team_assignee_id: assigneeIdJson(conversation.teamAssigneeId, v216),
    // A snoozed conversation is still open (2.16's documented snooze answer).
    open: conversation.state !== 'closed',
    state: conversation.state,
    read: conversation.read,
    tags: { type: 'tag.list', tags: [] },
    priority: v216 ? 'none' : 'not_priority',
    sla_applied: null,
    statistics: {
      type: 'conversation_statistics',
      ...(firstReply || !v216 ? { first_contact_reply_at: firstReply?.createdAt ?? null } : {}),
      count_conversation_parts: conversation.parts.length,
    },
    conversation_rating: null,
    teammates: null,
    custom_attributes: {},
    // Not declared by the conversation schema, but in every documented 2.x answer (2.16's
    // examples for get, reply and parts alike): kept as Intercom sends them.
    topics: {},
    ticket: null,
    linked_objects: { type: 'list', data: [], total_count: 0, has_more: false },
    ai_agent: null,
    ai_agent_participated: false,
    ...(withParts
      ? {
          conversation_parts: {
            type: 'conversation_part.list',
            conversation_parts: conversation.parts.map((part) => partJson(store, part, version)),
            total_count: conversation.parts.length,
          },
        }
      : {}),
  };
}

/** 1.x's `assignee`: the admin, else the team, else `nobody_admin`. */
function assigneeJsonV1(conversation: ConversationRecord) {
  if (conversation.adminAssigneeId !== null) {
    return { type: 'admin', id: conversation.adminAssigneeId };
  }
  if (conversation.teamAssigneeId !== null) {
    return { type: 'team', id: conversation.teamAssigneeId };
  }
  return { type: 'nobody_admin', id: null };
}

/** 1.x conversation: `conversation_message` instead of `source`, `user` instead of `contacts`. */
export function conversationJsonV1(
  store: EmulatorStore,
  conversation: ConversationRecord,
  withParts: boolean,
  version: ApiVersion,
) {
  const customers = conversation.contactIds.map((id) => ({
    type: store.contactById(id)?.role === 'user' ? 'user' : 'lead',
    id,
  }));
  return {
    type: 'conversation',
    id: conversation.id,
    created_at: conversation.createdAt,
    updated_at: conversation.updatedAt,
    waiting_since: conversation.waitingSince,
    snoozed_until: conversation.snoozedUntil,
    conversation_message: {
      type: 'conversation_message',
      id: conversation.messageId,
      delivered_as: conversation.deliveredAs,
      subject: conversation.subject,
      body: conversation.body,
      author: { type: conversation.author.type, id: conversation.author.id },
      attachments: [],
      url: null,
    },
    user: customers[0] ?? null,
    customers,
    assignee: assigneeJsonV1(conversation),
    // A snoozed conversation is still open (2.16's documented snooze answer).
    open: conversation.state !== 'closed',
    state: conversation.state,
    read: conversation.read,
    tags: { type: 'tag.list', tags: [] },
    ...(withParts
      ? {
          conversation_parts: {
            type: 'conversation_part.list',
            conversation_parts: conversation.parts.map((part) => partJson(store, part, version)),
            total_count: conversation.parts.length,
          },
        }
      : {}),
  };
}

export function conversationJson(
  store: EmulatorStore,
  conversation: ConversationRecord,
  version: ApiVersion,
  withParts: boolean,
) {
  return version.major === 1
    ? conversationJsonV1(store, conversation, withParts, version)
    : conversationJsonV2(store, conversation, withParts, version);
}
