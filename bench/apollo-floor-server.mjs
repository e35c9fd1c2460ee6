// The framework's floor for scenario 8: Apollo Server 5 and graphql-js over node:http, serving
// the gateway's committed schema (schema.graphql) with plain resolvers that do what the floor
// does (bench/floor-intercom.mjs). No type-graphql, validation rules, authentication, budget,
// logs or metrics: what any gateway built on Apollo Server pays before its own work.
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { conversationForMessage, sendAdminMessage, serveJson } from './floor-intercom.mjs';

const apollo = new ApolloServer({
  typeDefs: readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'),
  resolvers: {
    Query: {
      intercomApiVersion: () => '2.14',
      conversationForMessage: (_, { messageId, contact }) =>
        conversationForMessage(messageId, contact),
    },
    Mutation: { sendAdminMessage: (_, { input }) => sendAdminMessage(input) },
  },
});
await apollo.start();

serveJson(async (body, requestHeaders) => {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(requestHeaders)) headers.set(name, String(value));
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: '', body },
    context: async () => ({}),
  });
  return {
    status: result.status ?? 200,
    headers: Object.fromEntries(result.headers),
    text: result.body.string,
  };
});
