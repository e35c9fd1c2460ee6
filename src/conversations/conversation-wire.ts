import {
  ANSWER_NAME_MAX_LENGTH,
  ANSWER_URL_MAX_LENGTH,
  ANSWER_WORD_MAX_LENGTH,
  boundedText,
} from '../intercom/answer-values';
import { IntercomBadResponseError } from '../intercom/errors';
import { EMAIL_MAX_LENGTH, USER_ID_MAX_LENGTH, intercomIdOf } from '../intercom/id-shapes';
import { SUBJECT_MAX_LENGTH } from '../messages/message.model';
import {
  ConversationState,
  type Conversation,
  type ConversationAssignee,
  type ConversationAttachment,
  type ConversationAuthor,
  type ConversationContact,
  type ConversationPart,
} from './conversation.model';

/** Reads Intercom's conversation JSON, 2.x (`source`, `contacts`) or 1.x (`conversation_message`, `user`). */

type Json = Record<string, unknown>;

const record = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
/**
 * Every other string of an answer has a bound (see answer-values): a reply's or an action's
 * answer is kept in its idempotency record, a followed conversation in its subscription's state.
 */
const word = (value: unknown): string | null => boundedText(value, ANSWER_WORD_MAX_LENGTH);
/**
 * Bodies are read whole (an inbound email's may be long; the answer's own bound holds them);
 * what keeps a conversation for longer bounds them itself (see keptBody).
 */
const body = (value: unknown): string | null => (typeof value === 'string' ? value : null);
/** More than Intercom lets a conversation have; the rest are not read (a caller then sees fewer). */
const CONTACTS_MAX = 100;
/** More than Intercom lets one part carry (10 on a reply). */
const ATTACHMENTS_MAX = 100;
const seconds = (value: unknown): Date | null =>
  typeof value === 'number' ? new Date(value * 1000) : null;

/** `afterWrite`: the answer to a write Intercom accepted (a reply, an action), so it happened. */
function unreadable(afterWrite: boolean): IntercomBadResponseError {
  return new IntercomBadResponseError(
    'Intercom answered with a conversation the gateway cannot read.',
    { status: 200, ...(afterWrite ? { mayHaveBeenSent: true } : {}) },
  );
}

/** A Map, not an object: a state named `constructor` must not find Object's. */
const STATES: ReadonlyMap<unknown, ConversationState> = new Map([
  ['open', ConversationState.OPEN],
  ['closed', ConversationState.CLOSED],
  ['snoozed', ConversationState.SNOOZED],
]);

function authorOf(value: unknown): ConversationAuthor | null {
  const author = record(value);
  const id = intercomIdOf(author?.id);
  if (!author || id === null) return null;
  return {
    type: word(author.type) ?? 'unknown',
    id,
    name: boundedText(author.name, ANSWER_NAME_MAX_LENGTH),
    email: boundedText(author.email, EMAIL_MAX_LENGTH),
  };
}

function contactsOf(json: Json): ConversationContact[] {
  const list = record(json.contacts)?.contacts ?? json.customers ?? (json.user ? [json.user] : []);
  if (!Array.isArray(list)) return [];
  return list.slice(0, CONTACTS_MAX).flatMap((entry) => {
    const contact = record(entry);
    const id = intercomIdOf(contact?.id);
    return contact && id !== null
      ? [
          {
            type: word(contact.type) ?? 'contact',
            id,
            externalId: boundedText(contact.external_id, USER_ID_MAX_LENGTH),
          },
        ]
      : [];
  });
}

function partsCountOf(json: Json): number | null {
  const fromParts = record(json.conversation_parts)?.total_count;
  if (typeof fromParts === 'number') return fromParts;
  const fromStatistics = record(json.statistics)?.count_conversation_parts;
  return typeof fromStatistics === 'number' ? fromStatistics : null;
}

function attachmentsOf(value: unknown): ConversationAttachment[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, ATTACHMENTS_MAX).flatMap((entry) => {
    const attachment = record(entry);
    const url = boundedText(attachment?.url, ANSWER_URL_MAX_LENGTH);
    return url === null
      ? []
      : [{ name: boundedText(attachment?.name, ANSWER_NAME_MAX_LENGTH) ?? url, url }];
  });
}

/** An assignee id as Intercom gives it: 0, null or absent is nobody. */
const assigneeId = (value: unknown): string | null => {
  const id = intercomIdOf(value);
  return id === null || id === '0' ? null : id;
};

/** 2.x: `admin_assignee_id` and `team_assignee_id`; 1.x: `assignee` (admin, team or nobody_admin). */
function assigneeOf(json: Json): ConversationAssignee | null {
  const v1 = record(json.assignee);
  const adminId = v1
    ? v1.type === 'admin'
      ? assigneeId(v1.id)
      : null
    : assigneeId(json.admin_assignee_id);
  const teamId = v1
    ? v1.type === 'team'
      ? assigneeId(v1.id)
      : null
    : assigneeId(json.team_assignee_id);
  return adminId === null && teamId === null ? null : { adminId, teamId };
}

/** The parts, when the answer holds all of them (its list is as long as its total_count). */
function partsOf(json: Json): ConversationPart[] | null {
  const container = record(json.conversation_parts);
  const list = container?.conversation_parts;
  if (!Array.isArray(list)) return null;
  const total = container?.total_count;
  if (typeof total === 'number' && total !== list.length) return null;
  return partsListedIn(list);
}

/**
 * The parts an answer lists, oldest first, whether or not it lists them all: a reply's answer
 * always lists the part it wrote, which is all a caller without read rights gets to see.
 */
export function listedParts(value: unknown): ConversationPart[] {
  const list = record(record(value)?.conversation_parts)?.conversation_parts;
  return Array.isArray(list) ? partsListedIn(list) : [];
}

function partsListedIn(list: readonly unknown[]): ConversationPart[] {
  return list.flatMap((entry) => {
    const part = record(entry);
    const id = intercomIdOf(part?.id);
    const createdAt = seconds(part?.created_at);
    if (!part || id === null || createdAt === null) return [];
    return [
      {
        id,
        partType: word(part.part_type) ?? 'unknown',
        body: body(part.body),
        author: authorOf(part.author),
        createdAt,
        attachments: attachmentsOf(part.attachments),
      },
    ];
  });
}

/** The id of the message that started a conversation, in either shape, without reading the rest. */
export function sourceMessageId(value: unknown): string | null {
  const json = record(value);
  return (
    intercomIdOf(record(json?.source)?.id) ?? intercomIdOf(record(json?.conversation_message)?.id)
  );
}

/**
 * A conversation as Intercom answered it. `afterWrite`: the answer to a reply or an action, which
 * Intercom accepted whatever its answer says; an unreadable one then may have been sent.
 */
export function toConversation(value: unknown, { afterWrite = false } = {}): Conversation {
  const json = record(value);
  // An id of another shape makes the answer unreadable: caches and subscriptions key on it.
  const id = intercomIdOf(json?.id);
  const v2Source = record(json?.source);
  const source = v2Source ?? record(json?.conversation_message);
  const sourceId = intercomIdOf(source?.id);
  const createdAt = seconds(json?.created_at);
  if (!json || id === null || !source || sourceId === null || createdAt === null)
    throw unreadable(afterWrite);
  const state =
    STATES.get(json.state) ??
    (json.open === false ? ConversationState.CLOSED : ConversationState.OPEN);
  return {
    id,
    createdAt,
    updatedAt: seconds(json.updated_at) ?? createdAt,
    state,
    snoozedUntil: state === ConversationState.SNOOZED ? seconds(json.snoozed_until) : null,
    assignee: assigneeOf(json),
    open: typeof json.open === 'boolean' ? json.open : state === ConversationState.OPEN,
    read: json.read === true,
    source: {
      id: sourceId,
      // 1.x's conversation_message names no channel type.
      type: (v2Source && word(v2Source.type)) ?? 'conversation',
      deliveredAs: word(source.delivered_as),
      subject: boundedText(source.subject, SUBJECT_MAX_LENGTH),
      body: body(source.body),
      author: authorOf(source.author),
    },
    contacts: contactsOf(json),
    partsCount: partsCountOf(json),
    parts: partsOf(json),
  };
}
