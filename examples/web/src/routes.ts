import { useEffect, useState } from 'react';

/** The app's pages, in the URL's hash so that a page can be opened in another tab. */
export type Route =
  | { readonly page: 'compose' }
  | { readonly page: 'history' }
  | { readonly page: 'conversation'; readonly messageId: string };

export function parseRoute(hash: string): Route {
  const conversation = /^#\/conversation\/([A-Za-z0-9_-]{1,128})$/.exec(hash);
  if (conversation?.[1]) return { page: 'conversation', messageId: conversation[1] };
  if (hash === '#/history') return { page: 'history' };
  return { page: 'compose' };
}

export const hrefOf = (route: Route): string =>
  route.page === 'conversation' ? `#/conversation/${route.messageId}` : `#/${route.page}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
