import { useEffect, useState } from 'react';

/** The app's pages, in the URL's hash so that a page can be opened in another tab. */
export type Route =
  | { readonly page: 'compose' }
  | { readonly page: 'history' }
  | { readonly page: 'conversation'; readonly messageId: string }
  /** With a batch: its progress under the form, also after a reload or in another tab. */
  | { readonly page: 'bulk'; readonly batchId: string | null };

export function parseRoute(hash: string): Route {
  const conversation = /^#\/conversation\/([A-Za-z0-9_-]{1,128})$/.exec(hash);
  if (conversation?.[1]) return { page: 'conversation', messageId: conversation[1] };
  const bulk = /^#\/bulk(?:\/([A-Za-z0-9_-]{1,128}))?$/.exec(hash);
  if (bulk) return { page: 'bulk', batchId: bulk[1] ?? null };
  if (hash === '#/history') return { page: 'history' };
  return { page: 'compose' };
}

export function hrefOf(route: Route): string {
  if (route.page === 'conversation') return `#/conversation/${route.messageId}`;
  if (route.page === 'bulk') return route.batchId ? `#/bulk/${route.batchId}` : '#/bulk';
  return `#/${route.page}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
