import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { Client as UrqlClient, fetchExchange } from '@urql/core';
import { GraphQLClient } from 'graphql-request';
import {
  ConversationForMessageDocument,
  IntercomApiVersionDocument,
  SendAdminMessageDocument,
  type SendAdminMessageInput,
} from '../../generated/graphql/graphql';
import { SEED } from '../../src/emulator';
import { apiKeyEnv, newApiKey } from '../helpers/auth';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The GraphQL clients frontends use, with the typed documents from `generated/graphql/` and
 * each client's defaults, as the README's "Frontend clients" section shows them.
 */
const input: SendAdminMessageInput = {
  messageType: 'IN_APP',
  body: 'Har har har! Mine is an evil laugh!',
  from: { id: SEED.admins.wash.id },
  to: { type: 'USER', id: SEED.users.thisLand.id },
};
const lookup = (messageId: string) => ({
  messageId,
  contact: { type: 'USER' as const, id: SEED.users.thisLand.id },
});

describe('with an API key (production)', () => {
  const frontend = newApiKey('frontend', ['messages:admin', 'conversations:read']);
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: apiKeyEnv([frontend]) });
  });
  afterAll(() => stack.close());
  const authorization = `Bearer ${frontend.key}`;

  it('Apollo Client sends and queries', async () => {
    const client = new ApolloClient({
      link: new HttpLink({ uri: stack.gateway.graphqlUrl, headers: { authorization } }),
      cache: new InMemoryCache(),
    });
    const sent = await client.mutate({ mutation: SendAdminMessageDocument, variables: { input } });
    const id = sent.data?.sendAdminMessage.id as string;
    expect(id).toEqual(expect.any(String));
    const found = await client.query({
      query: ConversationForMessageDocument,
      variables: lookup(id),
    });
    expect(found.data?.conversationForMessage).toBeNull();
  });

  it('urql with its defaults: queries go as GET, and pass CSRF prevention with the key', async () => {
    const methods: string[] = [];
    const client = new UrqlClient({
      url: stack.gateway.graphqlUrl,
      exchanges: [fetchExchange],
      fetchOptions: () => ({ headers: { authorization } }),
      fetch: (url, init) => {
        methods.push(init?.method ?? 'GET');
        return fetch(url, init);
      },
    });
    const version = await client.query(IntercomApiVersionDocument, {}).toPromise();
    expect(version.error).toBeUndefined();
    expect(version.data?.intercomApiVersion).toBe('2.14');
    const sent = await client.mutation(SendAdminMessageDocument, { input }).toPromise();
    expect(sent.error).toBeUndefined();
    expect(sent.data?.sendAdminMessage.messageType).toBe('IN_APP');
    expect(methods).toEqual(['GET', 'POST']);
  });

  it('graphql-request', async () => {
    const client = new GraphQLClient(stack.gateway.graphqlUrl, { headers: { authorization } });
    const sent = await client.request(SendAdminMessageDocument, { input });
    expect(sent.sendAdminMessage.id).toEqual(expect.any(String));
  });
});

describe('without credentials (GATEWAY_AUTH=none, development)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_AUTH: 'none' } });
  });
  afterAll(() => stack.close());

  it('urql GET queries need a preflight header, which the README’s setup sends', async () => {
    const bare = new UrqlClient({ url: stack.gateway.graphqlUrl, exchanges: [fetchExchange] });
    const refused = await bare.query(IntercomApiVersionDocument, {}).toPromise();
    expect(refused.error?.response?.status).toBe(400);

    const client = new UrqlClient({
      url: stack.gateway.graphqlUrl,
      exchanges: [fetchExchange],
      fetchOptions: { headers: { 'apollo-require-preflight': 'true' } },
    });
    const version = await client.query(IntercomApiVersionDocument, {}).toPromise();
    expect(version.error).toBeUndefined();
    expect(version.data?.intercomApiVersion).toBe('2.14');
  });

  it('Apollo Client and graphql-request need nothing more', async () => {
    const apollo = new ApolloClient({
      link: new HttpLink({ uri: stack.gateway.graphqlUrl }),
      cache: new InMemoryCache(),
    });
    const version = await apollo.query({ query: IntercomApiVersionDocument });
    expect(version.data?.intercomApiVersion).toBe('2.14');
    const plain = new GraphQLClient(stack.gateway.graphqlUrl);
    expect((await plain.request(IntercomApiVersionDocument)).intercomApiVersion).toBe('2.14');
  });
});
