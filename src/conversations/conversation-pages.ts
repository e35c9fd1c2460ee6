import { LookupLimitExceededError } from '../domain-errors';
import type { IntercomRequester } from '../intercom/client';
import { IntercomBadResponseError } from '../intercom/errors';

/** Pages of conversations as async iterators, bounded in pages and refusing a repeated cursor. */

interface SearchAnswer {
  conversations?: unknown;
  pages?: { next?: { starting_after?: unknown } | null } | null;
}

interface ListAnswerV1 {
  conversations?: unknown;
  pages?: { next?: unknown } | null;
}

export const SEARCH_PER_PAGE = 150;
export const LIST_PER_PAGE_V1 = 60;

function cursorLoop(): IntercomBadResponseError {
  return new IntercomBadResponseError(
    'Intercom gave the same page cursor twice; the conversation lookup stopped rather than loop.',
  );
}

const itemsOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** 2.x `POST /conversations/search`, following `pages.next.starting_after`. */
export async function* searchPages(
  client: IntercomRequester,
  query: unknown,
  maxPages: number,
): AsyncGenerator<unknown[]> {
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page += 1) {
    if (page > maxPages) throw new LookupLimitExceededError(maxPages);
    const answer = await client.request<SearchAnswer>({
      method: 'POST',
      path: '/conversations/search',
      kind: 'read',
      route: 'POST /conversations/search',
      body: {
        query,
        pagination: { per_page: SEARCH_PER_PAGE, ...(cursor ? { starting_after: cursor } : {}) },
      },
    });
    yield itemsOf(answer.conversations);
    const next = answer.pages?.next?.starting_after;
    if (typeof next !== 'string' || next === '') return;
    if (seen.has(next)) throw cursorLoop();
    seen.add(next);
    cursor = next;
  }
}

/** 1.x `GET /conversations?type=user&...`, following `pages.next` URLs. */
export async function* listPagesV1(
  client: IntercomRequester,
  contactQuery: URLSearchParams,
  maxPages: number,
): AsyncGenerator<unknown[]> {
  const first = new URLSearchParams({ type: 'user', ...Object.fromEntries(contactQuery) });
  first.set('per_page', String(LIST_PER_PAGE_V1));
  let path = `/conversations?${first.toString()}`;
  const seen = new Set<string>();
  for (let page = 1; ; page += 1) {
    if (page > maxPages) throw new LookupLimitExceededError(maxPages);
    const answer = await client.request<ListAnswerV1>({
      method: 'GET',
      path,
      kind: 'read',
      route: 'GET /conversations',
    });
    yield itemsOf(answer.conversations);
    const next = answer.pages?.next;
    if (typeof next !== 'string' || next === '') return;
    if (seen.has(next)) throw cursorLoop();
    seen.add(next);
    path = client.pathOf(next);
  }
}
