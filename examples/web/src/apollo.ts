import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';

/**
 * One client per credential: queries and mutations over HTTP, subscriptions over graphql-ws,
 * both at /graphql on this origin (the dev server proxies them to the gateway). The token goes
 * in `Authorization` over HTTP and in `connectionParams` over WebSocket, as the gateway expects.
 */
export function createApolloClient(token: string | null): ApolloClient {
  const authorization = token ? { authorization: `Bearer ${token}` } : undefined;
  const http = new HttpLink({ uri: '/graphql', headers: authorization });
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new GraphQLWsLink(
    createClient({
      url: `${scheme}://${window.location.host}/graphql`,
      connectionParams: () => authorization ?? {},
      // Subscriptions come back after a dropped connection (a gateway restart, a deploy).
      retryAttempts: 10,
    }),
  );
  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    ws,
    http,
  );
  return new ApolloClient({ link, cache: new InMemoryCache() });
}
