import { InputError } from '../domain-errors';
import { PUBLIC_PART_TYPES, type Conversation, type ConversationPart } from './conversation.model';

/** The most parts one page may hold. */
export const PARTS_PAGE_MAX = 100;
export const PARTS_PAGE_DEFAULT = 20;

export interface PartsPage {
  readonly edges: ReadonlyArray<{ readonly cursor: string; readonly node: ConversationPart }>;
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
  readonly totalCount: number;
}

/** A cursor names the part it follows; opaque to clients. */
const cursorOf = (part: ConversationPart): string =>
  Buffer.from(`part:${part.id}`, 'utf8').toString('base64url');

/** The parts a reader may see: internal ones (notes, assignments) only for staff. */
export function visibleParts(
  parts: readonly ConversationPart[],
  includeInternal: boolean,
): readonly ConversationPart[] {
  return includeInternal ? parts : parts.filter((part) => PUBLIC_PART_TYPES.has(part.partType));
}

/**
 * Whether a change to a conversation (a webhook's event) is one a contact does not see: its
 * newest part is internal, an admin's note above all. An event without parts says nothing of
 * them, and counts as seen.
 */
export function isInternalChange(conversation: Conversation): boolean {
  const newest = conversation.parts?.[conversation.parts.length - 1];
  return newest !== undefined && !PUBLIC_PART_TYPES.has(newest.partType);
}

export interface PageRequest {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
}

function sizeOf(field: 'first' | 'last', value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > PARTS_PAGE_MAX) {
    throw new InputError([
      { field, message: `${field} must be a whole number from 1 to ${PARTS_PAGE_MAX}.` },
    ]);
  }
  return value;
}

function indexOf(parts: readonly ConversationPart[], field: 'after' | 'before', cursor: string) {
  const index = cursor.length <= 200 ? parts.findIndex((part) => cursorOf(part) === cursor) : -1;
  if (index < 0) {
    throw new InputError([
      { field, message: `${field} is not a cursor of this conversation’s parts.` },
    ]);
  }
  return index;
}

/**
 * One page of parts, oldest first (Relay): `first` after the part `after` names, or the `last`
 * before the one `before` names (a chat shows the newest). A cursor that names no part of this
 * conversation is the caller's mistake.
 */
export function pageOfParts(parts: readonly ConversationPart[], request: PageRequest): PartsPage {
  if (request.first != null && request.last != null) {
    throw new InputError([{ field: 'last', message: 'Give first or last, not both.' }]);
  }
  let start: number;
  let end: number;
  if (request.last != null) {
    const size = sizeOf('last', request.last);
    end = request.before != null ? indexOf(parts, 'before', request.before) : parts.length;
    start = Math.max(0, end - size);
  } else {
    const size = sizeOf('first', request.first ?? PARTS_PAGE_DEFAULT);
    start = request.after != null ? indexOf(parts, 'after', request.after) + 1 : 0;
    end = Math.min(parts.length, start + size);
  }
  const edges = parts.slice(start, end).map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: end < parts.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: parts.length,
  };
}
