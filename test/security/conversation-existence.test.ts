import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import {
  CloseConversationDocument,
  ConversationDocument,
  ReplyToConversationDocument,
  SnoozeConversationDocument,
} from '../../generated/graphql/graphql';
import { SEED } from '../../src/emulator';
import { jwtEnv, signJwt } from '../helpers/auth';
import { sendToPonies } from '../helpers/send';
import { startStack, type GraphQLAnswer, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';

/**
 * A person's token learns nothing of which conversation ids exist: another person's conversation
 * is answered exactly as an id Intercom does not have, by every way in that names a conversation.
 */
const REPLY = 'POST /conversations/:id/reply';
const PARTS = 'POST /conversations/:id/parts';
const FETCH = 'GET /conversations/:id';
const MISSING = '999999';
const { wash } = SEED.admins;
const winston = SEED.users.ponies;
const julia = SEED.users.thisLand;
const UPDATED = 'subscription ($id: ID!) { conversationUpdated(conversationId: $id) { id } }';

/** The answer a caller without read rights may ask for: the id, and the part it wrote. */
const REPLY_VIEW = parse(`mutation ($input: ReplyToConversationInput!) {
  replyToConversation(input: $input) { id parts(last: 1) { edges { node { body } } } }
}`) as TypedDocumentNode<any, any>;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** An answer's text as the caller reads it, but for the id each request is given. */
const comparable = (body: unknown): string =>
  JSON.stringify(body).replace(/"requestId":"[^"]*"/g, '"requestId":"…"');

/** Julia's token, with these scopes: a person's, naming no admin. */
const juliaWith = async (scope: string) =>
  bearer(await signJwt({ sub: julia.externalId, intercom_contact_id: julia.id, scope }));

describe.each(['2.14', '1.4'])('on Intercom API %s, for a person’s token', (version) => {
  let stack: Stack;
  let staff: Record<string, string>;
  /** Winston's conversation: it exists, and Julia takes no part in it. */
  let winstons: string;
  beforeAll(async () => {
    stack = await startStack({ version, env: jwtEnv() });
    staff = bearer(await signJwt({ sub: 'ops', scope: 'messages:admin messages:admin:any' }));
  });
  afterAll(() => stack.close());
  beforeEach(async () => {
    stack.emulator.control.reset();
    const messageId = await sendToPonies(stack, staff);
    winstons = stack.emulator.control.playReply(messageId, 'Private reply').id;
    await stack.emulator.webhooks.idle();
  });

  /**
   * Runs `ask` for another's conversation, then for an id Intercom does not have: the two HTTP
   * answers (status and body, byte for byte), and how many times each asked Intercom for the
   * conversation.
   */
  async function sideBySide<T>(ask: (id: string) => Promise<{ status: number; body: T }>) {
    const fetchedBefore = stack.upstream(FETCH).length;
    const theirs = await ask(winstons);
    const fetchedBetween = stack.upstream(FETCH).length;
    const missing = await ask(MISSING);
    return {
      theirs: { status: theirs.status, body: comparable(theirs.body) },
      missing: { status: missing.status, body: comparable(missing.body) },
      fetches: [fetchedBetween - fetchedBefore, stack.upstream(FETCH).length - fetchedBetween],
      parsed: theirs.body,
    };
  }

  it('conversation(id): null for another’s conversation, as for a missing one', async () => {
    const asJulia = await juliaWith('conversations:read');
    const { theirs, missing, fetches, parsed } = await sideBySide((id) =>
      stack.execute(ConversationDocument, { id }, asJulia),
    );
    expect(parsed).toEqual({ data: { conversation: null } });
    expect(theirs).toEqual(missing);
    expect(fetches).toEqual([1, 1]);
    // Winston reads his own (1.x names a conversation's contacts by their Intercom id only).
    const asWinston = bearer(
      await signJwt({
        sub: winston.externalId,
        intercom_contact_id: winston.id,
        scope: 'conversations:read',
      }),
    );
    const own = await stack.execute(ConversationDocument, { id: winstons }, asWinston);
    expect(own.body).toMatchObject({ data: { conversation: { id: winstons } } });
  });

  it('a token naming an admin but without messages:admin is a person’s token too', async () => {
    const asJulia = bearer(
      await signJwt({
        sub: julia.externalId,
        intercom_contact_id: julia.id,
        intercom_admin_ids: ['394051'],
        scope: 'messages:user conversations:read',
      }),
    );
    const { theirs, missing, parsed } = await sideBySide((id) =>
      stack.execute(ConversationDocument, { id }, asJulia),
    );
    expect(parsed).toEqual({ data: { conversation: null } });
    expect(theirs).toEqual(missing);
  });

  it.each([
    ['that may read its own conversations', 'messages:user conversations:read'],
    ['that may write but read none', 'messages:user'],
  ])(
    'replyToConversation, a token %s: NOT_FOUND for another’s conversation, as for a missing one, nothing sent',
    async (_name, scope) => {
      const asJulia = await juliaWith(scope);
      const documents = [ReplyToConversationDocument, REPLY_VIEW] as TypedDocumentNode<any, any>[];
      for (const document of documents) {
        const { theirs, missing, fetches, parsed } = await sideBySide((conversationId) =>
          stack.execute(
            document,
            {
              input: {
                conversationId,
                contact: { type: 'USER', id: julia.id },
                body: 'Let me in',
              },
            },
            asJulia,
          ),
        );
        expect((parsed as { errors?: unknown }).errors).toEqual([
          expect.objectContaining({
            message: 'Intercom has no conversation with that id.',
            extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
          }),
        ]);
        expect(theirs).toEqual(missing);
        expect(fetches).toEqual([1, 1]);
      }
      expect(stack.upstream(REPLY)).toEqual([]);
      expect(JSON.stringify(stack.emulator.control.requests())).not.toContain('Let me in');
    },
  );

  it('conversationUpdated: NOT_FOUND for another’s conversation, as for a missing one', async () => {
    const asJulia = await juliaWith('conversations:read');
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, asJulia);
    try {
      // A refusal arrives as a result with errors, or (once streaming) as an error message.
      const refusal = (id: string) =>
        subscribe(client, UPDATED, { id })
          .next()
          .then(
            (result) => ({ status: 0, body: { via: 'result', errors: result.value?.errors } }),
            (errors: unknown) => ({ status: 0, body: { via: 'error', errors } }),
          );
      const { theirs, missing, fetches, parsed } = await sideBySide(refusal);
      expect(parsed).toMatchObject({
        errors: [
          expect.objectContaining({
            message: 'Intercom has no conversation with that id.',
            extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
          }),
        ],
      });
      expect(theirs).toEqual(missing);
      expect(fetches).toEqual([1, 1]);
    } finally {
      await client.dispose();
    }
  });

  it('closing or snoozing: the same refusal for another’s conversation and a missing one', async () => {
    const asJulia = await juliaWith('messages:user conversations:read');
    const close = (conversationId: string) =>
      stack.execute(
        CloseConversationDocument,
        { input: { conversationId, admin: { id: wash.id } } },
        asJulia,
      );
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const snooze = (conversationId: string) =>
      stack.execute(
        SnoozeConversationDocument,
        { input: { conversationId, admin: { id: wash.id }, until } },
        asJulia,
      );
    const acts: Array<(id: string) => Promise<GraphQLAnswer<unknown>>> = [close, snooze];
    for (const act of acts) {
      const { theirs, missing, fetches, parsed } = await sideBySide(act);
      expect(parsed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(theirs).toEqual(missing);
      // Refused before Intercom is asked anything.
      expect(fetches).toEqual([0, 0]);
    }
    expect(stack.upstream(PARTS)).toEqual([]);
    expect(stack.upstream(REPLY)).toEqual([]);
  });

  it('a token without conversations:read is told so, whatever the id, before Intercom', async () => {
    const asJulia = await juliaWith('messages:user');
    const { theirs, missing, fetches, parsed } = await sideBySide((id) =>
      stack.execute(ConversationDocument, { id }, asJulia),
    );
    expect(parsed.errors?.[0]).toMatchObject({
      message:
        'Your credentials do not allow reading conversations: they need the conversations:read scope.',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(theirs).toEqual(missing);
    expect(fetches).toEqual([0, 0]);
  });
});

describe('tokens that are not a person’s, on a conversation they take no part in', () => {
  let stack: Stack;
  let conversationId: string;
  beforeAll(async () => {
    stack = await startStack({ env: jwtEnv() });
    const staff = bearer(await signJwt({ sub: 'ops', scope: 'messages:admin messages:admin:any' }));
    const messageId = await sendToPonies(stack, staff);
    conversationId = stack.emulator.control.playReply(messageId, 'Hi').id;
    await stack.emulator.webhooks.idle();
  });
  afterAll(() => stack.close());

  it('an admin’s token that reads only its own is refused (FORBIDDEN), as before', async () => {
    const admin = bearer(
      await signJwt({
        sub: 'wash',
        scope: 'messages:admin conversations:read',
        intercom_admin_ids: [wash.id],
      }),
    );
    const read = await stack.execute(ConversationDocument, { id: conversationId }, admin);
    expect(read.body.errors?.[0]).toMatchObject({
      message: 'Your token only allows following your own conversations.',
      extensions: { code: 'FORBIDDEN' },
    });
    const missing = await stack.execute(ConversationDocument, { id: MISSING }, admin);
    expect(missing.body).toEqual({ data: { conversation: null } });
  });

  it('a token that reads any conversation still may not reply as a person elsewhere (FORBIDDEN)', async () => {
    const reader = bearer(
      await signJwt({
        sub: julia.externalId,
        intercom_contact_id: julia.id,
        scope: 'messages:user conversations:read conversations:read:any',
      }),
    );
    const answer = await stack.execute(
      ReplyToConversationDocument,
      { input: { conversationId, contact: { type: 'USER', id: julia.id }, body: 'Hi' } },
      reader,
    );
    expect(answer.body.errors?.[0]).toMatchObject({
      message: 'Your token only allows replying in your own conversations.',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(stack.upstream(REPLY)).toEqual([]);
  });
});
