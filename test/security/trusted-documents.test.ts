import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Client as UrqlClient, fetchExchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { print, type DocumentNode } from 'graphql';
import { request } from 'undici';
import {
  ConversationUpdatedDocument,
  IntercomApiVersionDocument,
  SendAdminMessageDocument,
  type SendAdminMessageInput,
} from '../../generated/graphql/graphql';
import { ConfigError, loadConfig } from '../../src/config';
import { SEED } from '../../src/emulator';
import { apiKeyEnv, newApiKey } from '../helpers/auth';
import { sendToPonies } from '../helpers/send';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';
import { until } from '../helpers/until';
import { notification, postSignedWebhook } from '../helpers/webhooks';

/**
 * Trusted documents: the operations frontends were built with (codegen's persisted-documents
 * manifest) run by their hash over Apollo's persisted-query protocol; in trusted-only mode every
 * other document is refused, over HTTP and WebSocket alike, before anything reaches Intercom.
 */
const MANIFEST = resolve(__dirname, '..', '..', 'generated', 'graphql', 'persisted-documents.json');
const OPERATIONS = resolve(__dirname, '..', '..', 'operations');
const frontend = newApiKey('frontend', ['messages:admin', 'conversations:read']);
const authorization = `Bearer ${frontend.key}`;
const input: SendAdminMessageInput = {
  messageType: 'IN_APP',
  body: 'Har har har! Mine is an evil laugh!',
  from: { id: SEED.admins.wash.id },
  to: { type: 'USER', id: SEED.users.thisLand.id },
};
/** A send no frontend was built with: asks for other fields than SendAdminMessage. */
const AD_HOC_SEND =
  'mutation AdHoc($input: SendAdminMessageInput!) { sendAdminMessage(input: $input) { id body } }';

/** The hash codegen embedded in a typed document (client preset, `persistedDocuments`). */
const codegenHash = (document: TypedDocumentNode<any, any> | DocumentNode): string =>
  (document as unknown as { __meta__: { hash: string } }).__meta__.hash;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function post(stack: Stack, body: unknown) {
  const response = await request(stack.gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, body: JSON.parse(text) };
}

async function get(stack: Stack, params: Record<string, string>) {
  const response = await request(
    `${stack.gateway.graphqlUrl}?${new URLSearchParams(params).toString()}`,
    { headers: { authorization } },
  );
  return { status: response.statusCode, body: (await response.body.json()) as any };
}

/** Requests as a client's fetch sends them, to see what went over the wire. */
function recordingFetch(sent: Array<{ method: string; url: string; body: any }>): typeof fetch {
  return (url, init) => {
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    sent.push({ method: init?.method ?? 'GET', url: String(url), body });
    return fetch(url, init);
  };
}

describe('trusted-only mode (GATEWAY_TRUSTED_DOCUMENTS_ONLY=true)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        ...apiKeyEnv([frontend]),
        GATEWAY_TRUSTED_DOCUMENTS: MANIFEST,
        GATEWAY_TRUSTED_DOCUMENTS_ONLY: 'true',
      },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it("Apollo Client's persisted-query link sends hashes only, and they run", async () => {
    const sent: Array<{ method: string; url: string; body: any }> = [];
    const client = new ApolloClient({
      link: ApolloLink.from([
        new PersistedQueryLink({ generateHash: codegenHash, useGETForHashedQueries: true }),
        new HttpLink({
          uri: stack.gateway.graphqlUrl,
          headers: { authorization },
          fetch: recordingFetch(sent),
        }),
      ]),
      cache: new InMemoryCache(),
    });
    const sentMessage = await client.mutate({
      mutation: SendAdminMessageDocument,
      variables: { input },
    });
    expect(sentMessage.data?.sendAdminMessage.body).toBe(input.body);
    const version = await client.query({ query: IntercomApiVersionDocument });
    expect(version.data?.intercomApiVersion).toBe('2.14');
    expect(sent.map((call) => call.method)).toEqual(['POST', 'GET']);
    expect(sent[0]?.body).not.toHaveProperty('query');
    expect(sent[0]?.body.extensions.persistedQuery).toEqual({
      version: 1,
      sha256Hash: codegenHash(SendAdminMessageDocument),
    });
    expect(new URL(sent[1]?.url as string).searchParams.has('query')).toBe(false);
    expect(stack.upstream('POST /messages')).toHaveLength(1);
  });

  it("urql's persisted exchange sends hashes only (queries as GET), and they run", async () => {
    const sent: Array<{ method: string; url: string; body: any }> = [];
    const client = new UrqlClient({
      url: stack.gateway.graphqlUrl,
      exchanges: [
        persistedExchange({
          generateHash: async (_query, document) => codegenHash(document),
          enforcePersistedQueries: true,
          enableForMutation: true,
        }),
        fetchExchange,
      ],
      fetchOptions: () => ({ headers: { authorization } }),
      fetch: recordingFetch(sent),
    });
    const version = await client.query(IntercomApiVersionDocument, {}).toPromise();
    expect(version.error).toBeUndefined();
    expect(version.data?.intercomApiVersion).toBe('2.14');
    const sentMessage = await client.mutation(SendAdminMessageDocument, { input }).toPromise();
    expect(sentMessage.error).toBeUndefined();
    expect(sentMessage.data?.sendAdminMessage.messageType).toBe('IN_APP');
    expect(sent.map((call) => call.method)).toEqual(['GET', 'POST']);
    expect(new URL(sent[0]?.url as string).searchParams.has('query')).toBe(false);
    expect(sent[1]?.body).not.toHaveProperty('query');
    expect(stack.upstream('POST /messages')).toHaveLength(1);
  });

  it('runs a trusted document sent as text, in its own layout (the typed documents printed)', async () => {
    const answer = await stack.execute(SendAdminMessageDocument, { input }, { authorization });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.sendAdminMessage.body).toBe(input.body);
  });

  it('refuses an ad-hoc document with QUERY_NOT_IN_SAFELIST, echoing nothing and sending nothing', async () => {
    const answer = await post(stack, { query: AD_HOC_SEND, variables: { input } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        message: expect.stringContaining('GATEWAY_TRUSTED_DOCUMENTS_ONLY'),
        extensions: { code: 'QUERY_NOT_IN_SAFELIST', requestId: expect.any(String) },
      },
    ]);
    expect(answer.text).not.toContain('AdHoc');
    expect(answer.text).not.toContain(input.body);
    expect(stack.upstream('POST /messages')).toEqual([]);
  });

  it('refuses an ad-hoc document sent with its own hash, and does not register it', async () => {
    const hash = sha256(AD_HOC_SEND);
    const persistedQuery = { version: 1, sha256Hash: hash };
    const registering = await post(stack, {
      query: AD_HOC_SEND,
      variables: { input },
      extensions: { persistedQuery },
    });
    expect(registering.body.errors[0].extensions.code).toBe('QUERY_NOT_IN_SAFELIST');
    const byHash = await post(stack, { variables: { input }, extensions: { persistedQuery } });
    expect(byHash.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(stack.upstream('POST /messages')).toEqual([]);
  });

  it("answers an unknown hash with Apollo's PERSISTED_QUERY_NOT_FOUND, over POST and GET", async () => {
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256('unknown') } };
    const posted = await post(stack, { variables: { input }, extensions });
    expect(posted.status).toBe(200);
    expect(posted.body.errors).toEqual([
      {
        message: 'PersistedQueryNotFound',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', requestId: expect.any(String) },
      },
    ]);
    const fetched = await get(stack, { extensions: JSON.stringify(extensions) });
    expect(fetched.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(stack.upstream('POST /messages')).toEqual([]);
  });

  it.each([
    ['too long', 'a'.repeat(65)],
    ['far too long', 'f'.repeat(100_000)],
    ['upper-case', codegenHash(SendAdminMessageDocument).toUpperCase()],
    ['not hex', 'z'.repeat(64)],
    ['not a string', 42],
  ])('refuses a hash that is %s before any lookup (BAD_REQUEST, not echoed)', async (_, hash) => {
    const answer = await post(stack, {
      variables: { input },
      extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        message:
          'extensions.persistedQuery.sha256Hash must be a SHA-256 hash: 64 lower-case hex digits.',
        extensions: { code: 'BAD_REQUEST', requestId: expect.any(String) },
      },
    ]);
    expect(stack.upstream('POST /messages')).toEqual([]);
  });

  it('refuses a persisted query of another version', async () => {
    const answer = await post(stack, {
      variables: { input },
      extensions: {
        persistedQuery: { version: 2, sha256Hash: codegenHash(SendAdminMessageDocument) },
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({
      message: 'extensions.persistedQuery must have version 1.',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(stack.upstream('POST /messages')).toEqual([]);
  });

  it('runs the manifest document a known hash names, whatever text comes with it', async () => {
    const answer = await post(stack, {
      query: AD_HOC_SEND,
      variables: { input },
      extensions: {
        persistedQuery: { version: 1, sha256Hash: codegenHash(SendAdminMessageDocument) },
      },
    });
    expect(answer.body.errors).toBeUndefined();
    // SendAdminMessage's selection, not the ad-hoc one's.
    expect(answer.body.data.sendAdminMessage).toHaveProperty('owner');
  });

  it('refuses introspection and an ad-hoc GET query too', async () => {
    const answer = await get(stack, { query: '{ __schema { types { name } } }' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions.code).toBe('QUERY_NOT_IN_SAFELIST');
  });

  it('over WebSocket: refuses an ad-hoc subscription, runs a trusted one', async () => {
    const messageId = await sendToPonies(stack, { authorization });
    const conversation = stack.emulator.control.playReply(messageId, 'Hi');
    await stack.emulator.webhooks.idle();
    stack.emulator.control.clearRequests();
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, { authorization });
    try {
      const adHoc = subscribe(
        client,
        'subscription ($id: ID!) { conversationUpdated(conversationId: $id) { id } }',
        { id: conversation.id },
      );
      const refusal = await adHoc.next().then(
        () => undefined,
        (errors: Array<{ message: string; extensions?: Record<string, unknown> }>) => errors[0],
      );
      expect(refusal?.extensions).toMatchObject({ code: 'QUERY_NOT_IN_SAFELIST' });
      expect(stack.emulator.control.requests()).toEqual([]);

      const events = subscribe(client, print(ConversationUpdatedDocument), {
        conversationId: conversation.id,
      });
      const first = events.next();
      // Listening once the gateway has fetched the conversation to check who may follow it.
      await until(() => stack.upstream('GET /conversations/:id').length > 0);
      await postSignedWebhook(stack, notification(conversation.id, { updated_at: 1_700_000_500 }));
      const { value } = await first;
      expect(value.errors).toBeUndefined();
      expect(value.data.conversationUpdated.id).toBe(conversation.id);
    } finally {
      await client.dispose();
    }
  });
});

describe('a manifest without trusted-only mode', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { ...apiKeyEnv([frontend]), GATEWAY_TRUSTED_DOCUMENTS: MANIFEST },
    });
  });
  afterAll(() => stack.close());

  it("runs the manifest's documents by hash, and other documents as before", async () => {
    const byHash = await post(stack, {
      variables: { input },
      extensions: {
        persistedQuery: { version: 1, sha256Hash: codegenHash(SendAdminMessageDocument) },
      },
    });
    expect(byHash.body.data.sendAdminMessage.body).toBe(input.body);
    const adHoc = await post(stack, { query: AD_HOC_SEND, variables: { input } });
    expect(adHoc.body.data.sendAdminMessage.body).toBe(input.body);
  });

  it("keeps Apollo's automatic persisted queries: a text registered under its hash runs by hash", async () => {
    const query = '{ intercomApiVersion }';
    const persistedQuery = { version: 1, sha256Hash: sha256(query) };
    const unknown = await post(stack, { extensions: { persistedQuery } });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(stack, { query, extensions: { persistedQuery } });
    expect(registered.body.data.intercomApiVersion).toBe('2.14');
    const byHash = await post(stack, { extensions: { persistedQuery } });
    expect(byHash.body.data.intercomApiVersion).toBe('2.14');
  });

  it('runs a text sent again with a codegen hash the manifest lacks, without registering it', async () => {
    const persistedQuery = { version: 1, sha256Hash: sha256('a newer build') };
    const retried = await post(stack, {
      query: '{ intercomApiVersion }',
      extensions: { persistedQuery },
    });
    expect(retried.body.data.intercomApiVersion).toBe('2.14');
    const byHash = await post(stack, { extensions: { persistedQuery } });
    expect(byHash.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

describe('GATEWAY_TRUSTED_DOCUMENTS at start-up', () => {
  function problemsOf(env: Record<string, string>): readonly string[] {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  }
  const folder = mkdtempSync(join(tmpdir(), 'trusted-documents-'));
  const manifestFile = (name: string, content: string) => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };

  it('loads the committed manifest: every operation in operations/', () => {
    const operations = readdirSync(OPERATIONS)
      .map((name) => readFileSync(join(OPERATIONS, name), 'utf8'))
      .join('\n')
      .match(/^(query|mutation|subscription) /gm);
    const config = loadConfig({ GATEWAY_TRUSTED_DOCUMENTS: MANIFEST });
    expect(config.trustedDocuments.documents?.size).toBe(operations?.length);
    expect(config.trustedDocuments.only).toBe(false);
  });

  it.each([
    ['a missing file', join(folder, 'absent.json'), 'the file does not exist'],
    ['a file that is not JSON', manifestFile('broken.json', '{"a":'), 'the file is not JSON'],
    [
      'a list',
      manifestFile('list.json', '["query { intercomApiVersion }"]'),
      'expected a JSON object',
    ],
    [
      'a sha1 key',
      manifestFile('sha1.json', JSON.stringify({ ['a'.repeat(40)]: '{ intercomApiVersion }' })),
      'every key must be a SHA-256 hash',
    ],
    [
      'a key that is not its document’s hash',
      manifestFile('wrong.json', JSON.stringify({ [sha256('x')]: '{ intercomApiVersion }' })),
      'is not a string whose SHA-256 is its key',
    ],
    [
      'a document that is not GraphQL',
      manifestFile('garbage.json', JSON.stringify({ [sha256('{ oops')]: '{ oops' })),
      'is not valid GraphQL',
    ],
    ['no documents', manifestFile('empty.json', '{}'), 'it lists no documents'],
    ['a device that never ends', '/dev/zero', 'it is not a regular file'],
    [
      'a named pipe nobody writes to',
      (() => {
        const path = join(folder, 'pipe.json');
        execFileSync('mkfifo', [path]);
        return path;
      })(),
      'it is not a regular file',
    ],
    ['a folder', folder, 'it is not a regular file'],
    [
      'a file larger than 16 MB',
      (() => {
        const path = manifestFile('huge.json', '');
        truncateSync(path, 16 * 1024 * 1024 + 1);
        return path;
      })(),
      'the file is larger than 16 MB',
    ],
  ])('refuses %s in one line', (_, path, reason) => {
    const problems = problemsOf({ GATEWAY_TRUSTED_DOCUMENTS: path });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^GATEWAY_TRUSTED_DOCUMENTS=${path} is not valid: `));
    expect(problems[0]).toContain(reason);
    expect(problems[0]).not.toContain('\n');
  });

  it('refuses trusted-only mode without a manifest, and with an explorer asked for', () => {
    expect(problemsOf({ GATEWAY_TRUSTED_DOCUMENTS_ONLY: 'true' })).toEqual([
      'GATEWAY_TRUSTED_DOCUMENTS_ONLY=true needs GATEWAY_TRUSTED_DOCUMENTS: the manifest of the documents to run.',
    ]);
    expect(
      problemsOf({
        GATEWAY_TRUSTED_DOCUMENTS: MANIFEST,
        GATEWAY_TRUSTED_DOCUMENTS_ONLY: 'true',
        GATEWAY_EXPLORER: 'sandbox',
      }),
    ).toEqual([expect.stringContaining('GATEWAY_EXPLORER=sandbox cannot run with')]);
    expect(problemsOf({ GATEWAY_TRUSTED_DOCUMENTS_ONLY: 'maybe' })).toEqual([
      'GATEWAY_TRUSTED_DOCUMENTS_ONLY=maybe is not valid: expected true or false.',
    ]);
  });

  it('turns the explorer off by default in trusted-only mode', () => {
    const config = loadConfig({
      GATEWAY_TRUSTED_DOCUMENTS: MANIFEST,
      GATEWAY_TRUSTED_DOCUMENTS_ONLY: 'true',
    });
    expect(config.explorer).toBe('off');
    expect(loadConfig({}).explorer).toBe('sandbox');
  });
});
