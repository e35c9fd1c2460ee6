import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client, as a frontend would use one. */
export function subscriptionClient(
  graphqlUrl: string,
  connectionParams: Record<string, unknown> = {},
): { client: Client; closed: Promise<{ code: number }> } {
  let closed!: (event: { code: number }) => void;
  const closedPromise = new Promise<{ code: number }>((resolve) => (closed = resolve));
  const client = createClient({
    url: graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
    // The tests look at `closed` themselves; the default would print the close event.
    onNonLazyError: () => undefined,
    on: { closed: (event) => closed(event as { code: number }) },
  });
  return { client, closed: closedPromise };
}

/** Subscribes; `next()` resolves with each result, `done` when the server completes. */
export function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}) {
  return client.iterate<any>({ query, variables });
}
