// The framework's floor for scenario 8: Apollo Server 5 and graphql-js over node:http, serving
// the gateway's committed schema (schema.graphql) with plain resolvers that do what the floor
// does (bench/floor-intercom.mjs). No type-graphql, validation rules, authentication, budget,
// logs or metrics: what any gateway built on Apollo Server pays before its own work.
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { URL } from 'node:url';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { conversationForMessage, sendAdminMessage } from './floor-intercom.mjs';

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

createServer(async (request, response) => {
  if (request.method !== 'POST') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"status":"ready"}');
    return;
  }
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) headers.set(name, String(value));
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: 'POST',
      headers,
      search: '',
      body: JSON.parse(Buffer.concat(chunks).toString()),
    },
    context: async () => ({}),
  });
  const responseHeaders = Object.fromEntries(result.headers);
  responseHeaders['content-length'] = String(Buffer.byteLength(result.body.string));
  response.writeHead(result.status ?? 200, responseHeaders);
  response.end(result.body.string);
}).listen(Number(process.env.PORT), '127.0.0.1');
