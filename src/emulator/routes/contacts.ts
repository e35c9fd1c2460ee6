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
    found.filter((contact) => matches(contact, filter, CONTACT_FIELDS)),
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
