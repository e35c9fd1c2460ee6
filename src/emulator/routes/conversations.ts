import { badParameter, notFound } from '../errors';
import { asRecord, ok, type RouteHandler } from '../context';
import { cursorPage, readPerPage } from '../pagination';
import type { ConversationRecord } from '../records';
import { matches, parseQuery, requiredEquality, type FieldReader } from '../search';
import { conversationJson, conversationJsonV1, conversationJsonV2 } from '../serializers';
import type { EmulatorStore } from '../store';
import { findContact } from './contact-lookup';
import { createMessage } from './messages';

const CONVERSATION_FIELDS = new Map<string, FieldReader<ConversationRecord>>([
  ['id', (conversation) => conversation.id],
  ['created_at', (conversation) => conversation.createdAt],
  ['updated_at', (conversation) => conversation.updatedAt],
  ['source.type', (conversation) => conversation.sourceType],
  ['source.id', (conversation) => conversation.messageId],
  ['source.delivered_as', (conversation) => conversation.deliveredAs],
  ['source.subject', (conversation) => conversation.subject],
  ['source.body', (conversation) => conversation.body],
  ['source.author.id', (conversation) => conversation.author.id],
  ['source.author.type', (conversation) => conversation.author.type],
  ['contact_ids', (conversation) => conversation.contactIds],
  ['open', (conversation) => conversation.state !== 'closed'],
  ['read', (conversation) => conversation.read],
  ['state', (conversation) => conversation.state],
  ['waiting_since', (conversation) => conversation.waitingSince],
]);
const CONVERSATION_FIELD_NAMES = new Set(CONVERSATION_FIELDS.keys());

export const getConversation: RouteHandler = (request, { store }) => {
  const conversation = store.conversationById(request.params.id ?? '');
  // Every description from 2.7 to 2.16 documents this message for an unknown id.
  if (!conversation) throw notFound('Resource Not Found');
  return ok(conversationJson(store, conversation, request.version, true));
};

/**
 * The smallest candidate set an index gives for the query, before the full match: a message's
 * or an id's one conversation before a contact's many (which are sorted for every search).
 */
function candidatesFor(store: EmulatorStore, filter: ReturnType<typeof parseQuery>) {
  const id = requiredEquality(filter, 'id');
  if (id !== undefined) {
    const conversation = store.conversationById(id);
    return conversation ? [conversation] : [];
  }
  const messageId = requiredEquality(filter, 'source.id');
  if (messageId !== undefined) {
    const message = store.messageById(messageId);
    const conversation = message && store.conversationForMessage(message);
    return conversation ? [conversation] : [];
  }
  const contactId = requiredEquality(filter, 'contact_ids');
  if (contactId !== undefined) return store.conversationsOfContact(contactId);
  return store.allConversations();
}

/** `POST /conversations/search` (2.x). */
export const searchConversations: RouteHandler = (request, { store }) => {
  if (request.version.major === 1) throw notFound('Resource Not Found');
  const body = asRecord(request.body);
  if (!body) throw badParameter('Request body must be a JSON object');
  const filter = parseQuery(body.query, CONVERSATION_FIELD_NAMES);
  const pagination = asRecord(body.pagination) ?? {};
  const perPage = readPerPage(pagination.per_page, 20, 150);
  const found = candidatesFor(store, filter).filter((conversation) =>
    matches(conversation, filter, CONVERSATION_FIELDS),
  );
  const page = cursorPage(found, perPage, pagination.starting_after);
  return ok({
    type: 'conversation.list',
    pages: page.pages,
    total_count: page.totalCount,
    conversations: page.items.map((item) =>
      conversationJsonV2(store, item, false, request.version),
    ),
  });
};

const V1_MAX_PER_PAGE = 60;

function positiveInteger(value: string | null, name: string, fallback: number): number {
  if (value === null) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw badParameter(`${name} must be a positive integer`);
  return number;
}

/** 1.x `GET /conversations`: `type=user` with `intercom_user_id`, `user_id` or `email`; page numbers. */
const listConversationsV1: RouteHandler = (request, { store }) => {
  const { query } = request;
  let all: ConversationRecord[];
  if (query.get('type') === 'user') {
    const contact = findContact(
      store,
      {
        id: query.get('intercom_user_id') ?? undefined,
        user_id: query.get('user_id') ?? undefined,
        email: query.get('email') ?? undefined,
      },
      ['user', 'lead', 'visitor'],
    );
    all = store.conversationsOfContact(contact.id);
  } else if (query.get('type') === null) {
    all = store.allConversations();
  } else {
    throw badParameter('type must be user');
  }
  const perPage = readPerPage(query.get('per_page') ?? undefined, 20, V1_MAX_PER_PAGE);
  const page = positiveInteger(query.get('page'), 'page', 1);
  const totalPages = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  let next: string | null = null;
  if (page < totalPages) {
    const nextQuery = new URLSearchParams(query);
    nextQuery.set('page', String(page + 1));
    nextQuery.set('per_page', String(perPage));
    next = `${request.origin}/conversations?${nextQuery.toString()}`;
  }
  return ok({
    type: 'conversation.list',
    pages: { type: 'pages', next, page, per_page: perPage, total_pages: totalPages },
    conversations: items.map((item) => conversationJsonV1(store, item, false, request.version)),
  });
};

/** 2.x `GET /conversations`: every conversation, newest first, cursor paged. */
const listConversationsV2: RouteHandler = (request, { store }) => {
  const perPage = readPerPage(request.query.get('per_page') ?? undefined, 20, 150);
  const page = cursorPage(
    store.allConversations(),
    perPage,
    request.query.get('starting_after') ?? undefined,
  );
  return ok({
    type: 'conversation.list',
    pages: page.pages,
    total_count: page.totalCount,
    conversations: page.items.map((item) =>
      conversationJsonV2(store, item, false, request.version),
    ),
  });
};

export const listConversations: RouteHandler = (request, context) =>
  request.version.major === 1
    ? listConversationsV1(request, context)
    : listConversationsV2(request, context);

/**
 * 2.x `POST /conversations`: a contact starts a conversation (a user message by contact id),
 * answered as the message with its `conversation_id`. 1.x has no such route.
 */
export const createConversation: RouteHandler = (request, context) => {
  if (request.version.major === 1) throw notFound('Resource Not Found');
  const body = asRecord(request.body);
  const from = asRecord(body?.from);
  if (!body || !from) throw badParameter('from is required');
  if (from.type !== 'user' && from.type !== 'lead' && from.type !== 'contact') {
    throw badParameter('from.type must be one of user, lead or contact');
  }
  if (typeof from.id !== 'string' || from.id === '') throw badParameter('from.id is required');
  return createMessage(
    { ...request, body: { body: body.body, from: { type: from.type, id: from.id } } },
    context,
  );
};
