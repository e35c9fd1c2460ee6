import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createClient, type Client } from 'graphql-ws';
import { createRoot } from 'react-dom/client';

/**
 * The gateway's self-hosted explorer: GraphiQL, bundled from npm and served by the gateway, so
 * it works where Apollo's CDN cannot be reached. Queries and mutations go over HTTP, subscriptions
 * over graphql-ws on the same path. The `authorization` header from the headers editor is sent
 * with both (for the socket, as `connectionParams`, the way the gateway authenticates it).
 */
const httpUrl = new URL('/graphql', window.location.href).toString();
const wsUrl = httpUrl.replace(/^http/, 'ws');

const headerOf = (headers: Record<string, unknown> | undefined, name: string) => {
  const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return typeof found?.[1] === 'string' ? found[1] : undefined;
};

let current: { authorization: string | undefined; socket: Client; fetcher: Fetcher } | undefined;

/** One socket per credential: a new `authorization` opens a new connection with it. */
function fetcherFor(authorization: string | undefined): Fetcher {
  if (current && current.authorization === authorization) return current.fetcher;
  void current?.socket.dispose();
  const socket = createClient({
    url: wsUrl,
    lazy: true,
    retryAttempts: 0,
    connectionParams: authorization ? { authorization } : {},
  });
  const fetcher = createGraphiQLFetcher({ url: httpUrl, wsClient: socket });
  current = { authorization, socket, fetcher };
  return fetcher;
}

const fetcher: Fetcher = (params, options) =>
  fetcherFor(headerOf(options?.headers, 'authorization'))(params, options);

const DEFAULT_QUERY = `# The gateway's self-hosted explorer (GraphiQL). Credentials go in the headers tab:
# { "authorization": "Bearer <API key or JWT>" }
query IntercomApiVersion {
  intercomApiVersion
}
`;

const root = document.getElementById('graphiql');
if (root) {
  createRoot(root).render(
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} shouldPersistHeaders={false} />,
  );
}
