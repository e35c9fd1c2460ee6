import { badParameter } from './errors';

/**
 * Intercom's search query language (`POST /contacts/search`, `POST /conversations/search`):
 * a single filter `{field, operator, value}` or a group `{operator: AND|OR, value: [...]}`,
 * nested at most two levels, at most 15 filters a group.
 */

export type FieldValue = string | number | boolean | null | readonly string[];
export type FieldReader<T> = (item: T) => FieldValue;

type Scalar = string | number | boolean;
export type SearchFilter =
  | { kind: 'filter'; field: string; operator: string; value: Scalar | Scalar[] | null }
  | { kind: 'group'; operator: 'AND' | 'OR'; filters: SearchFilter[] };

const FILTER_OPERATORS = new Set([
  '=',
  '!=',
  'IN',
  'NIN',
  '<',
  '>',
  '<=',
  '>=',
  '~',
  '!~',
  '^',
  '$',
]);
const MAX_NESTING = 2;
const MAX_GROUP_SIZE = 15;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Longer than any value a searchable field holds: a longer one is refused before it is compared
 * with every contact or conversation (`~` scans each field for it).
 */
const MAX_VALUE_LENGTH = 2048;

function isScalar(value: unknown): value is Scalar {
  return (
    (typeof value === 'string' && value.length <= MAX_VALUE_LENGTH) ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  );
}

/** Validates a query against the searchable fields and returns it in a checked form. */
export function parseQuery(query: unknown, fields: ReadonlySet<string>, depth = 0): SearchFilter {
  if (!isRecord(query)) throw badParameter('query must be an object');
  const operator = query.operator;
  if (operator === 'AND' || operator === 'OR') {
    if (depth >= MAX_NESTING) throw badParameter('Nesting is limited to 2 levels');
    if (!Array.isArray(query.value) || query.value.length === 0) {
      throw badParameter(`${operator} must have a non-empty array of filters as its value`);
    }
    if (query.value.length > MAX_GROUP_SIZE) {
      throw badParameter(`A ${operator} group may hold at most ${MAX_GROUP_SIZE} filters`);
    }
    return {
      kind: 'group',
      operator,
      filters: query.value.map((inner: unknown) => parseQuery(inner, fields, depth + 1)),
    };
  }
  const field = query.field;
  if (typeof field !== 'string') throw badParameter('Each filter needs a field');
  if (!fields.has(field)) throw badParameter(`${field} is not a searchable field`);
  if (typeof operator !== 'string' || !FILTER_OPERATORS.has(operator)) {
    throw badParameter(`${String(operator)} is not a valid operator`);
  }
  const value = query.value;
  if (operator === 'IN' || operator === 'NIN') {
    if (!Array.isArray(value) || !value.every(isScalar)) {
      throw badParameter(`${operator} needs an array of values`);
    }
    return { kind: 'filter', field, operator, value };
  }
  if (value !== null && !isScalar(value)) throw badParameter(`Invalid value for ${field}`);
  return { kind: 'filter', field, operator, value };
}

function same(a: FieldValue, b: Scalar | null): boolean {
  if (a === null || b === null) return a === b;
  return String(a) === String(b);
}

function matchesOne(
  actual: FieldValue,
  operator: string,
  expected: Scalar | Scalar[] | null,
): boolean {
  if (Array.isArray(actual)) {
    // Array fields (contact_ids, tag_ids) match when any element matches.
    const anyMatch = actual.some((element) => matchesOne(element, operator, expected));
    return operator === '!=' || operator === 'NIN' || operator === '!~'
      ? actual.every((element) => matchesOne(element, operator, expected))
      : anyMatch;
  }
  const scalar = actual as Exclude<FieldValue, readonly string[]>;
  const text = scalar === null ? '' : String(scalar);
  const wanted = Array.isArray(expected) ? expected : [expected];
  const first = wanted[0] ?? null;
  switch (operator) {
    case '=':
      return same(scalar, first);
    case '!=':
      return !same(scalar, first);
    case 'IN':
      return wanted.some((value) => same(scalar, value));
    case 'NIN':
      return !wanted.some((value) => same(scalar, value));
    case '<':
      return Number(scalar) < Number(first);
    case '>':
      return Number(scalar) > Number(first);
    case '<=':
      return Number(scalar) <= Number(first);
    case '>=':
      return Number(scalar) >= Number(first);
    case '~':
      return text.includes(String(first));
    case '!~':
      return !text.includes(String(first));
    case '^':
      return text.startsWith(String(first));
    case '$':
      return text.endsWith(String(first));
    default:
      return false;
  }
}

export function matches<T>(
  item: T,
  filter: SearchFilter,
  readers: ReadonlyMap<string, FieldReader<T>>,
): boolean {
  if (filter.kind === 'group') {
    return filter.operator === 'AND'
      ? filter.filters.every((inner) => matches(item, inner, readers))
      : filter.filters.some((inner) => matches(item, inner, readers));
  }
  const read = readers.get(filter.field);
  return read !== undefined && matchesOne(read(item), filter.operator, filter.value);
}

/**
 * The value of an `=` filter on `field` that every match must satisfy (a lone filter, or one
 * directly under a top-level AND), used to narrow the candidates through an index.
 */
export function requiredEquality(filter: SearchFilter, field: string): string | undefined {
  const candidates =
    filter.kind === 'group' && filter.operator === 'AND' ? filter.filters : [filter];
  for (const candidate of candidates) {
    if (
      candidate.kind === 'filter' &&
      candidate.field === field &&
      candidate.operator === '=' &&
      isScalar(candidate.value)
    ) {
      return String(candidate.value);
    }
  }
  return undefined;
}
