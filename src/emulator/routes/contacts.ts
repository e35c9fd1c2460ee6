import { EmulatorHttpError, badParameter, notFound } from '../errors';
import { asRecord, ok, type RouteHandler } from '../context';
import { cursorPage, readPerPage } from '../pagination';
import type { ContactRecord, ContactRole } from '../records';
import {
  matches,
  parseQuery,
  requiredEquality,
  type FieldReader,
  type SearchFilter,
} from '../search';
import { contactJson } from '../serializers';

const CONTACT_FIELDS = new Map<string, FieldReader<ContactRecord>>([
  ['id', (contact) => contact.id],
  ['external_id', (contact) => contact.externalId],
  // Intercom matches emails whatever their case.
  ['email', (contact) => contact.email?.toLowerCase() ?? null],
  ['role', (contact) => contact.role],
  ['name', (contact) => contact.name],
  ['created_at', (contact) => contact.createdAt],
  ['updated_at', (contact) => contact.updatedAt],
  ['unsubscribed_from_emails', (contact) => contact.unsubscribedFromEmails],
]);
const CONTACT_FIELD_NAMES = new Set(CONTACT_FIELDS.keys());

const optionalText = (body: Record<string, unknown>, field: string): string | undefined => {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badParameter(`${field} must be a string`);
  return value;
};

/** `POST /contacts`: the new contact cannot be messaged until the configured delay has passed. */
export const createContact: RouteHandler = (request, context) => {
  const body = asRecord(request.body);
  if (!body) throw badParameter('Request body must be a JSON object');
  const role = (body.role ?? 'user') as ContactRole;
  if (role !== 'user' && role !== 'lead') throw badParameter('role must be one of user or lead');
  const email = optionalText(body, 'email');
  const externalId = optionalText(body, 'external_id');
  if (!email && !externalId && role === 'user') {
    throw badParameter('A user needs an email or an external_id');
  }
  if (
    (email && context.store.contactByEmail(email)) ||
    (externalId && context.store.contactByExternalId(externalId))
  ) {
    throw new EmulatorHttpError(409, 'conflict', 'A contact matching those details already exists');
  }
  const contact = context.store.addContact({
    role,
    email: email ?? null,
    externalId: externalId ?? null,
    name: optionalText(body, 'name') ?? null,
    messageableAt: Date.now() + context.newContactDelayMs,
  });
  return ok(contactJson(contact));
};

export const getContact: RouteHandler = (request, { store }) => {
  const contact = store.contactById(request.params.id ?? '');
  if (!contact) throw notFound('User Not Found');
  return ok(contactJson(contact));
};

function lowerCaseEmails(filter: SearchFilter): SearchFilter {
  if (filter.kind === 'group') return { ...filter, filters: filter.filters.map(lowerCaseEmails) };
  if (filter.field !== 'email') return filter;
  const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);
  const value = Array.isArray(filter.value) ? filter.value.map(lower) : lower(filter.value);
  return { ...filter, value: value as typeof filter.value };
}

/** `POST /contacts/search`. */
export const searchContacts: RouteHandler = (request, { store }) => {
  const body = asRecord(request.body);
  if (!body) throw badParameter('Request body must be a JSON object');
  const filter = lowerCaseEmails(parseQuery(body.query, CONTACT_FIELD_NAMES));
  const pagination = asRecord(body.pagination) ?? {};
  const perPage = readPerPage(pagination.per_page, 50, 150);
  const id = requiredEquality(filter, 'id');
  const email = requiredEquality(filter, 'email');
  const externalId = requiredEquality(filter, 'external_id');
  const indexed = id
    ? store.contactById(id)
    : email
      ? store.contactByEmail(email)
      : externalId
        ? store.contactByExternalId(externalId)
        : undefined;
  const candidates =
    id !== undefined || email !== undefined || externalId !== undefined
      ? indexed
        ? [indexed]
        : []
      : store.allContacts();
  const found = candidates.filter(
    (contact) => contact.role !== 'visitor' || requiredEquality(filter, 'role') === 'visitor',
  );
  const page = cursorPage(
    sorted(
      found.filter((contact) => matches(contact, filter, CONTACT_FIELDS)),
      body.sort,
    ),
    perPage,
    pagination.starting_after,
  );
  return ok({
    type: 'list',
    data: page.items.map(contactJson),
    total_count: page.totalCount,
    pages: page.pages,
  });
};

/** Short word-like orders are named back, as Intercom does; anything else is not repeated. */
const ECHOABLE_ORDER = /^[A-Za-z_-]{1,32}$/;

/** Intercom's answer to an order it does not know (2.16's documented example). */
function invalidSortOrder(order: unknown): EmulatorHttpError {
  const named =
    typeof order === 'string' && order.length <= 32 && ECHOABLE_ORDER.test(order)
      ? ` '${order}'`
      : '';
  return new EmulatorHttpError(
    400,
    'invalid_sort_order',
    `Invalid sort order${named}. Must be one of: ascending, descending`,
  );
}

/**
 * `sort: { field, order }` of a search: any searchable field, `ascending` or `descending`
 * (Intercom's default when no sort is given: as stored). Anything else is a 400.
 */
function sorted(contacts: ContactRecord[], sort: unknown): ContactRecord[] {
  if (sort === undefined || sort === null) return contacts;
  const spec = asRecord(sort);
  const read = typeof spec?.field === 'string' ? CONTACT_FIELDS.get(spec.field) : undefined;
  if (!spec || !read) throw badParameter('sort.field must be a searchable field');
  const order = spec.order ?? 'ascending';
  if (order !== 'ascending' && order !== 'descending') throw invalidSortOrder(order);
  const direction = order === 'ascending' ? 1 : -1;
  return [...contacts].sort((a, b) => {
    const x = read(a);
    const y = read(b);
    if (x === y) return 0;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    return (x < y ? -1 : 1) * direction;
  });
}

/** 2.x `GET /contacts`: users and leads, cursor paged; 1.x: the leads with a `user_id`. */
export const listContacts: RouteHandler = (request, { store }) => {
  if (request.version.major === 1) {
    const userId = request.query.get('user_id');
    const leads = store
      .allContacts()
      .filter(
        (contact) => contact.role === 'lead' && (userId === null || contact.externalId === userId),
      );
    return ok({
      type: 'contact.list',
      contacts: leads.map(leadJsonV1),
      total_count: leads.length,
      pages: { type: 'pages', next: null, page: 1, per_page: leads.length, total_pages: 1 },
    });
  }
  const perPage = readPerPage(request.query.get('per_page') ?? undefined, 50, 150);
  const page = cursorPage(
    store.allContacts().filter((contact) => contact.role !== 'visitor'),
    perPage,
    request.query.get('starting_after') ?? undefined,
  );
  return ok({
    type: 'list',
    data: page.items.map(contactJson),
    total_count: page.totalCount,
    pages: page.pages,
  });
};

/** 2.x `GET /visitors?user_id=`: a visitor by its user_id. */
export const findVisitor: RouteHandler = (request, { store }) => {
  const userId = request.query.get('user_id');
  if (!userId) throw badParameter('user_id is required');
  const visitor = store.contactByExternalId(userId);
  if (!visitor || visitor.role !== 'visitor') throw notFound('Visitor Not Found');
  return ok({
    type: 'visitor',
    id: visitor.id,
    user_id: visitor.externalId,
    anonymous: true,
    // Intercom's description has no null for these: a visitor without them leaves them out.
    ...(visitor.email ? { email: visitor.email } : {}),
    name: visitor.name,
    pseudonym: null,
    app_id: 'emulator',
    created_at: visitor.createdAt,
    updated_at: visitor.updatedAt,
    unsubscribed_from_emails: false,
    custom_attributes: {},
  });
};

/** 1.x user JSON. */
function userJsonV1(contact: ContactRecord) {
  return {
    type: 'user',
    id: contact.id,
    user_id: contact.externalId,
    email: contact.email,
    name: contact.name,
    created_at: contact.createdAt,
    updated_at: contact.updatedAt,
    unsubscribed_from_emails: contact.unsubscribedFromEmails,
    custom_attributes: {},
  };
}

/** 1.x lead ("contact") JSON. */
function leadJsonV1(contact: ContactRecord) {
  return { ...userJsonV1(contact), type: 'contact' };
}

/** 1.x `GET /users/{id}` and `GET /users?user_id=|email=`; 2.x has no /users. */
export const findUserV1: RouteHandler = (request, { store }) => {
  if (request.version.major !== 1) throw notFound('Resource Not Found');
  const id = request.params.id;
  const userId = request.query.get('user_id');
  const email = request.query.get('email');
  const user = id
    ? store.contactById(id)
    : userId
      ? store.contactByExternalId(userId)
      : email
        ? store.contactByEmail(email)
        : undefined;
  if (!id && !userId && !email) throw badParameter('user_id or email is required');
  if (!user || user.role !== 'user') throw notFound('User Not Found');
  return ok(userJsonV1(user));
};
