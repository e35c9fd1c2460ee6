import { badParameter } from './errors';

/** Cursor pagination as Intercom's 2.x search and list endpoints do it. */

export interface CursorPage<T> {
  items: T[];
  pages: {
    type: 'pages';
    page: number;
    per_page: number;
    total_pages: number;
    next?: { per_page: number; starting_after: string };
  };
  totalCount: number;
}

const encodeCursor = (offset: number): string =>
  Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');

/** Longer than any cursor the emulator hands out: checked before decoding or matching. */
const MAX_CURSOR_LENGTH = 64;

function decodeCursor(cursor: string): number {
  if (cursor.length > MAX_CURSOR_LENGTH) throw badParameter('starting_after is not a valid cursor');
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badParameter('starting_after is not a valid cursor');
  return Number(match[1]);
}

export function readPerPage(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === null) return fallback;
  const perPage = typeof value === 'string' ? Number(value) : value;
  if (typeof perPage !== 'number' || !Number.isInteger(perPage) || perPage < 1 || perPage > max) {
    throw badParameter(`per_page must be an integer between 1 and ${max}`);
  }
  return perPage;
}

export function cursorPage<T>(
  all: readonly T[],
  perPage: number,
  startingAfter: unknown,
): CursorPage<T> {
  if (startingAfter !== undefined && startingAfter !== null && typeof startingAfter !== 'string') {
    throw badParameter('starting_after must be a string');
  }
  const offset = typeof startingAfter === 'string' ? decodeCursor(startingAfter) : 0;
  const items = all.slice(offset, offset + perPage);
  const nextOffset = offset + perPage;
  return {
    items,
    totalCount: all.length,
    pages: {
      type: 'pages',
      page: Math.floor(offset / perPage) + 1,
      per_page: perPage,
      total_pages: Math.max(1, Math.ceil(all.length / perPage)),
      ...(nextOffset < all.length
        ? { next: { per_page: perPage, starting_after: encodeCursor(nextOffset) } }
        : {}),
    },
  };
}
