import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import {
  ConversationDocument,
  ReplyToConversationDocument,
  type ReplyToConversationInput,
} from '../../generated/graphql/graphql';
import type { Scope } from '../../src/auth/scopes';
import { SEED } from '../../src/emulator';
import { apiKeyEnv, jwtEnv, newApiKey, signJwt } from '../helpers/auth';
import { sendToPonies } from '../helpers/send';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';
import { until } from '../helpers/until';

/** What replies and conversations show callers without read rights, and persons. */
const REPLY = 'POST /conversations/:id/reply';
const { wash, zoe } = SEED.admins;
const winston = SEED.users.ponies;
const CONTACT_WRITES = 'Private reply';
const ZOE_NOTES = 'Winston seems nervous.';

const document = (source: string) => parse(source) as TypedDocumentNode<any, any>;

/** The answer a caller without read rights may ask for: the id, and the part it wrote. */
const REPLY_VIEW = document(`mutation ($input: ReplyToConversationInput!) {
  replyToConversation(input: $input) {
    __typename
    id
    parts(last: 10) { totalCount edges { node { id partType body author { type id email } } } }
  }
}`);

const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

/**
 * Winston's conversation: he answered Wash's message, and Zoe wrote an internal note. `staff`
 * may do both.
 */
async function conversationWithNote(stack: Stack, staff: Record<string, string>) {
  const messageId = await sendToPonies(stack, staff);
  const { id } = stack.emulator.control.playReply(messageId, CONTACT_WRITES);
  const noted = await stack.execute(
    ReplyToConversationDocument,
    { input: { conversationId: id, admin: { id: zoe.id }, messageType: 'NOTE', body: ZOE_NOTES } },
    staff,
  );
  expect(noted.body.errors).toBeUndefined();
  await stack.emulator.webhooks.idle();
  return id;
}

/** Nothing of the conversation but the caller's own part: no contact, source, note or email. */
function expectNothingElseIn(answer: unknown) {
  const text = JSON.stringify(answer);
  for (const secret of [CONTACT_WRITES, ZOE_NOTES, zoe.email, winston.id, winston.email]) {
    expect(text).not.toContain(secret);
  }
}

describe('the answer to a reply, for an API key that may write but not read', () => {
  const writer = newApiKey('writer', ['messages:admin']);
  const reader = newApiKey('reader', ['messages:admin', 'conversations:read']);
  let stack: Stack;
  let conversationId: string;
  beforeAll(async () => {
    stack = await startStack({ env: apiKeyEnv([writer, reader]) });
    conversationId = await conversationWithNote(stack, bearer(reader.key));
  });
  afterAll(() => stack.close());

  const note = (extra: Partial<ReplyToConversationInput> = {}): ReplyToConversationInput => ({
    conversationId,
    admin: { id: wash.id },
    messageType: 'NOTE',
    body: '.',
    ...extra,
  });

  it('may not read the conversation', async () => {
    const read = await stack.execute(
      ConversationDocument,
      { id: conversationId },
      bearer(writer.key),
    );
    expect(read.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows the conversation id and the part it wrote, nothing else', async () => {
    const sent = stack.upstream(REPLY).length;
    const answer = await stack.execute(REPLY_VIEW, { input: note() }, bearer(writer.key));
    expect(answer.body.errors).toBeUndefined();
    expect(stack.upstream(REPLY)).toHaveLength(sent + 1);
    expect(answer.body.data.replyToConversation).toEqual({
      __typename: 'Conversation',
      id: conversationId,
      parts: {
        totalCount: 1,
        edges: [
          {
            node: {
              id: expect.any(String),
              partType: 'note',
              body: '.',
              author: { type: 'admin', id: wash.id, email: wash.email },
            },
          },
        ],
      },
    });
    expectNothingElseIn(answer.body);
  });

  it('replays a keyed reply as the same part, and nothing else', async () => {
    const input = note({ body: 'Once', idempotencyKey: 'writer-once' });
    const first = await stack.execute(REPLY_VIEW, { input }, bearer(writer.key));
    const sent = stack.upstream(REPLY).length;
    const again = await stack.execute(REPLY_VIEW, { input }, bearer(writer.key));
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.replyToConversation).toEqual(first.body.data.replyToConversation);
    expect(again.body.data.replyToConversation.parts.edges[0].node.body).toBe('Once');
    expect(stack.upstream(REPLY)).toHaveLength(sent);
  });

  it.each([
    ['the contacts', 'contacts { id externalId }'],
    ['the source', 'source { body author { email } }'],
    ['the count of parts', 'partsCount'],
    ['the state, through an inline fragment', '... on Conversation { state }'],
    ['the timestamps, through a named fragment', '...Seen'],
  ])('refuses an answer that asks for %s, before anything is sent', async (_what, selection) => {
    const asking = document(`mutation ($input: ReplyToConversationInput!) {
      replyToConversation(input: $input) { id ${selection} }
    }
    ${selection === '...Seen' ? 'fragment Seen on Conversation { updatedAt }' : ''}`);
    const sent = stack.upstream(REPLY).length;
    const answer = await stack.execute(asking, { input: note() }, bearer(writer.key));
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors?.[0]).toMatchObject({
      message:
        'Your credentials do not allow reading this conversation: the answer to your reply may ask only for its id and parts (the part you write). Nothing was sent.',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(stack.upstream(REPLY)).toHaveLength(sent);
  });

  it('refuses the shipped ReplyToConversation operation, which reads the conversation', async () => {
    const sent = stack.upstream(REPLY).length;
    const answer = await stack.execute(
      ReplyToConversationDocument,
      { input: note() },
      bearer(writer.key),
    );
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expectNothingElseIn(answer.body);
    expect(stack.upstream(REPLY)).toHaveLength(sent);
  });

  it('shows a key that may read the whole conversation', async () => {
    const answer = await stack.execute(REPLY_VIEW, { input: note() }, bearer(reader.key));
    expect(answer.body.errors).toBeUndefined();
    expect(JSON.stringify(answer.body)).toContain(ZOE_NOTES);
  });
});

describe('the answer to a reply, for tokens without a read right on the conversation', () => {
  let stack: Stack;
  let staff: Record<string, string>;
  beforeAll(async () => {
    stack = await startStack({ env: jwtEnv() });
    staff = bearer(
      await signJwt({
        sub: 'backoffice',
        scope: 'messages:admin messages:admin:any conversations:read conversations:read:any',
      }),
    );
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it.each<[string, Scope[]]>([
    ['an admin token without conversations:read', ['messages:admin']],
    ['an admin token that reads only its person’s own', ['messages:admin', 'conversations:read']],
  ])('%s sees its note and nothing else', async (_name, scopes) => {
    const conversationId = await conversationWithNote(stack, staff);
    const token = await signJwt({
      sub: 'wash',
      scope: scopes.join(' '),
      intercom_admin_ids: [wash.id],
    });
    const input = {
      conversationId,
      admin: { id: wash.id },
      messageType: 'NOTE' as const,
      body: '.',
    };
    const answer = await stack.execute(REPLY_VIEW, { input }, bearer(token));
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.replyToConversation.parts).toMatchObject({
      totalCount: 1,
      edges: [{ node: { partType: 'note', body: '.' } }],
    });
    expectNothingElseIn(answer.body);
  });

  it('a person who may write but not read sees their reply, not the rest', async () => {
    const conversationId = await conversationWithNote(stack, staff);
    await stack.execute(
      ReplyToConversationDocument,
      { input: { conversationId, admin: { id: wash.id }, body: 'Wash answers' } },
      staff,
    );
    const token = await signJwt({
      sub: winston.externalId,
      intercom_contact_id: winston.id,
      scope: 'messages:user',
    });
    const input = {
      conversationId,
      contact: { type: 'USER' as const, id: winston.id },
      body: 'Ok',
    };
    const answer = await stack.execute(REPLY_VIEW, { input }, bearer(token));
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.replyToConversation.parts).toMatchObject({
      totalCount: 1,
      edges: [{ node: { partType: 'comment', body: 'Ok', author: { type: 'user' } } }],
    });
    expect(JSON.stringify(answer.body)).not.toContain('Wash answers');
    expect(JSON.stringify(answer.body)).not.toContain(CONTACT_WRITES);
  });
});

describe('what a person’s token sees of a conversation', () => {
  let stack: Stack;
  let staff: Record<string, string>;
  let person: Record<string, string>;
  beforeAll(async () => {
    stack = await startStack({ env: jwtEnv() });
    staff = bearer(
      await signJwt({
        sub: 'backoffice',
        scope: 'messages:admin messages:admin:any conversations:read conversations:read:any',
      }),
    );
    person = bearer(
      await signJwt({
        sub: winston.externalId,
        intercom_contact_id: winston.id,
        scope: 'messages:user conversations:read',
      }),
    );
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  const adminWrites = async (
    conversationId: string,
    body: string,
    messageType: 'COMMENT' | 'NOTE',
  ) => {
    const answer = await stack.execute(
      ReplyToConversationDocument,
      { input: { conversationId, admin: { id: wash.id }, messageType, body } },
      staff,
    );
    expect(answer.body.errors).toBeUndefined();
    await stack.emulator.webhooks.idle();
  };

  it('counts only the parts the person sees, and shows no staff email', async () => {
    const id = await conversationWithNote(stack, staff);
    await adminWrites(id, 'A comment', 'COMMENT');
    const seen = await stack.execute(ConversationDocument, { id }, person);
    expect(seen.body.errors).toBeUndefined();
    const conversation = seen.body.data?.conversation;
    expect(conversation?.parts.totalCount).toBe(2);
    expect(conversation?.partsCount).toBe(2);
    const text = JSON.stringify(seen.body);
    expect(text).not.toContain(wash.email);
    expect(text).not.toContain(zoe.email);
    expect(conversation?.source.author).toMatchObject({ type: 'admin', id: wash.id, email: null });

    // Staff see everything, emails included.
    const staffSees = await stack.execute(ConversationDocument, { id }, staff);
    expect(staffSees.body.data?.conversation?.partsCount).toBe(3);
    expect(staffSees.body.data?.conversation?.source.author?.email).toBe(wash.email);
  });

  it('conversationUpdated tells the person of a comment, not of a note before it', async () => {
    const id = await conversationWithNote(stack, staff);
    const query = `subscription ($id: ID!) {
      conversationUpdated(conversationId: $id) {
        id partsCount parts(last: 1) { totalCount edges { node { partType body } } }
      }
    }`;
    const forPerson = subscriptionClient(stack.gateway.graphqlUrl, person).client;
    const forStaff = subscriptionClient(stack.gateway.graphqlUrl, staff).client;
    try {
      const fetched = stack.upstream('GET /conversations/:id').length;
      const personEvents = subscribe(forPerson, query, { id });
      const staffEvents = subscribe(forStaff, query, { id });
      const personFirst = personEvents.next();
      const staffFirst = staffEvents.next();
      // Both streams look at the conversation once they listen.
      await until(() => stack.upstream('GET /conversations/:id').length >= fetched + 2);

      await adminWrites(id, 'Internal only', 'NOTE');
      await adminWrites(id, 'For Winston', 'COMMENT');

      const staffSaw = (await staffFirst).value;
      expect(staffSaw.data.conversationUpdated.parts.edges[0].node).toEqual({
        partType: 'note',
        body: 'Internal only',
      });
      const personSaw = (await personFirst).value;
      expect(personSaw.errors).toBeUndefined();
      expect(personSaw.data.conversationUpdated).toEqual({
        id,
        partsCount: 2,
        parts: {
          totalCount: 2,
          edges: [{ node: { partType: 'comment', body: 'For Winston' } }],
        },
      });
    } finally {
      await Promise.all([forPerson.dispose(), forStaff.dispose()]);
    }
  });
});
