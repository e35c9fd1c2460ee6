import {
  ConversationDocument,
  ReplyToConversationDocument,
  type ReplyToConversationInput,
} from '../../generated/graphql/graphql';
import { SEED } from '../../src/emulator';
import { jwtEnv, signJwt } from '../helpers/auth';
import { sendToPonies } from '../helpers/send';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';
import { until } from '../helpers/until';

/** The conversation loop: read the parts of a conversation, reply in it, see replies live. */
const REPLY = 'POST /conversations/:id/reply';
const winston = SEED.users.ponies;

/** A conversation Winston opened by replying to an admin's in-app message. */
async function repliedConversation(stack: Stack): Promise<string> {
  const messageId = await sendToPonies(stack);
  const conversation = stack.emulator.control.playReply(messageId, 'Sinister, surely.');
  await stack.emulator.webhooks.idle();
  return conversation.id;
}

const reply = (stack: Stack, input: ReplyToConversationInput, headers?: Record<string, string>) =>
  stack.execute(ReplyToConversationDocument, { input }, headers);

describe.each(['2.14', '1.4'])('on Intercom API %s', (version) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ version });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it('reads the parts, answers as the admin and as the contact, and a subscriber sees it', async () => {
    const id = await repliedConversation(stack);
    const read = await stack.execute(ConversationDocument, { id });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data?.conversation?.parts).toMatchObject({
      totalCount: 1,
      edges: [
        {
          node: {
            partType: 'comment',
            body: 'Sinister, surely.',
            author: { type: 'user', id: winston.id },
          },
        },
      ],
    });

    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      const events = subscribe(
        client,
        `subscription ($id: ID!) { conversationUpdated(conversationId: $id) { id parts(last: 1) { totalCount edges { node { body author { type id } } } } } }`,
        { id },
      );
      const first = events.next();
      await until(() => stack.upstream('GET /conversations/:id').length > 1);

      const answered = await reply(stack, {
        conversationId: id,
        admin: { id: SEED.admins.wash.id },
        body: '<p>Ponies, definitely.</p>',
        attachmentUrls: ['https://example.com/files/pony.png'],
      });
      expect(answered.body.errors).toBeUndefined();
      expect(answered.body.data?.replyToConversation.parts).toMatchObject({
        totalCount: 2,
        edges: [
          {
            node: {
              partType: 'comment',
              body: '<p>Ponies, definitely.</p>',
              author: { type: 'admin', id: SEED.admins.wash.id, name: 'Wash' },
              attachments: [{ name: 'pony.png', url: 'https://example.com/files/pony.png' }],
            },
          },
        ],
      });
      expect(stack.upstream(REPLY).map((request) => request.body)).toEqual([
        {
          message_type: 'comment',
          type: 'admin',
          admin_id: SEED.admins.wash.id,
          body: '<p>Ponies, definitely.</p>',
          attachment_urls: ['https://example.com/files/pony.png'],
        },
      ]);

      const { value } = await first;
      expect(value.errors).toBeUndefined();
      expect(value.data.conversationUpdated.parts.edges[0].node).toEqual({
        body: '<p>Ponies, definitely.</p>',
        author: { type: 'admin', id: SEED.admins.wash.id },
      });

      const contactWrites = await reply(stack, {
        conversationId: id,
        contact: { type: 'USER', userId: winston.externalId },
        body: 'Thank you!',
      });
      expect(contactWrites.body.errors).toBeUndefined();
      expect(stack.upstream(REPLY)[1]?.body).toEqual({
        message_type: 'comment',
        type: 'user',
        user_id: winston.externalId,
        body: 'Thank you!',
      });
      const second = await events.next();
      expect(second.value.data.conversationUpdated.parts).toMatchObject({
        totalCount: 3,
        edges: [{ node: { body: 'Thank you!', author: { type: 'user', id: winston.id } } }],
      });
    } finally {
      await client.dispose();
    }
  });

  it('pages through the parts with first/after and last/before', async () => {
    const id = await repliedConversation(stack);
    for (const body of ['two', 'three', 'four', 'five']) {
      await reply(stack, { conversationId: id, admin: { id: SEED.admins.wash.id }, body });
    }
    const page = async (variables: Record<string, unknown>) =>
      (await stack.execute(ConversationDocument, { id, ...variables })).body;
    const bodies = (answer: Awaited<ReturnType<typeof page>>) =>
      answer.data?.conversation?.parts.edges.map((edge) => edge.node.body);

    const one = await page({ first: 2 });
    expect(bodies(one)).toEqual(['Sinister, surely.', 'two']);
    expect(one.data?.conversation?.parts.pageInfo).toMatchObject({
      hasNextPage: true,
      hasPreviousPage: false,
    });
    const two = await page({ first: 2, after: one.data?.conversation?.parts.pageInfo.endCursor });
    expect(bodies(two)).toEqual(['three', 'four']);
    const newest = await page({ last: 2 });
    expect(bodies(newest)).toEqual(['four', 'five']);
    const older = await page({
      last: 2,
      before: newest.data?.conversation?.parts.pageInfo.startCursor,
    });
    expect(bodies(older)).toEqual(['two', 'three']);

    for (const [variables, field] of [
      [{ first: 101 }, 'first'],
      [{ first: 1, last: 1 }, 'last'],
      [{ after: 'bm90LWEtY3Vyc29y' }, 'after'],
    ] as const) {
      const refused = await page(variables);
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [expect.objectContaining({ field })],
      });
    }
  });

  it('keeps a note from the contact’s eyes', async () => {
    const id = await repliedConversation(stack);
    const noted = await reply(stack, {
      conversationId: id,
      admin: { id: SEED.admins.wash.id },
      messageType: 'NOTE',
      body: 'Winston seems nervous.',
    });
    expect(noted.body.errors).toBeUndefined();
    expect(stack.upstream(REPLY)[0]?.body).toMatchObject({ message_type: 'note' });
    const staff = await stack.execute(ConversationDocument, { id });
    expect(staff.body.data?.conversation?.parts.edges.map((edge) => edge.node.partType)).toEqual([
      'comment',
      'note',
    ]);
  });

  it('replays a reply sent again with its idempotency key, once in Intercom', async () => {
    const id = await repliedConversation(stack);
    const input = {
      conversationId: id,
      admin: { id: SEED.admins.wash.id },
      body: 'Only once',
      idempotencyKey: `reply-${version}`,
    };
    const firstTime = await reply(stack, input);
    const again = await reply(stack, input);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data?.replyToConversation.id).toBe(
      firstTime.body.data?.replyToConversation.id,
    );
    expect(again.body.data?.replyToConversation.parts.totalCount).toBe(2);
    expect(stack.upstream(REPLY)).toHaveLength(1);
    const changed = await reply(stack, { ...input, body: 'Another' });
    expect(changed.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a replay keeps no body longer than its bound: the first answer has it whole', async () => {
    const id = await repliedConversation(stack);
    stack.emulator.control.addFault({
      route: REPLY,
      status: 200,
      handle: true,
      body: {
        type: 'conversation',
        id,
        created_at: 1_700_000_000,
        source: { type: 'conversation', id: '403918396', body: 'B'.repeat(200_000) },
        conversation_parts: {
          type: 'conversation_part.list',
          total_count: 1,
          conversation_parts: [
            {
              id: '77',
              part_type: 'comment',
              body: 'Kept',
              created_at: 1_700_000_001,
              author: { type: 'admin', id: SEED.admins.wash.id },
            },
          ],
        },
      },
    });
    const input = {
      conversationId: id,
      admin: { id: SEED.admins.wash.id },
      body: 'Kept',
      idempotencyKey: `long-${version}`,
    };
    const first = await reply(stack, input);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.replyToConversation.source.body).toHaveLength(200_000);
    const again = await reply(stack, input);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data?.replyToConversation.source).toMatchObject({
      id: '403918396',
      body: null,
    });
    expect(stack.upstream(REPLY)).toHaveLength(1);
  });

  it('an accepted reply whose answer is unreadable may have been sent, and its key does not send it again', async () => {
    const id = await repliedConversation(stack);
    stack.emulator.control.addFault({
      route: REPLY,
      status: 200,
      handle: true,
      body: { type: 'conversation', id: 'x'.repeat(100), created_at: 1_700_000_000, source: {} },
    });
    const input = {
      conversationId: id,
      admin: { id: SEED.admins.wash.id },
      body: 'Did it go?',
      idempotencyKey: `unreadable-${version}`,
    };
    const first = await reply(stack, input);
    expect(first.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UPSTREAM_BAD_RESPONSE',
      mayHaveBeenSent: true,
    });
    const again = await reply(stack, input);
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ mayHaveBeenSent: true });
    expect(stack.upstream(REPLY)).toHaveLength(1);
  });

  it('answers NOT_FOUND for a conversation or an admin Intercom does not have', async () => {
    const missing = await reply(stack, {
      conversationId: '999999',
      admin: { id: SEED.admins.wash.id },
      body: 'Hello?',
    });
    expect(missing.body.errors?.[0]).toMatchObject({
      message: 'Intercom has no conversation with that id.',
      extensions: { code: 'NOT_FOUND' },
    });
    const id = await repliedConversation(stack);
    const noAdmin = await reply(stack, { conversationId: id, admin: { id: '1' }, body: 'Hello?' });
    expect(noAdmin.body.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      intercom: { status: 404, code: 'admin_not_found' },
    });
    expect((await stack.execute(ConversationDocument, { id: '999999' })).body).toEqual({
      data: { conversation: null },
    });
  });
});

describe('input rules: field errors, nothing sent', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  const admin = { id: SEED.admins.wash.id };
  const contact = { type: 'USER' as const, id: winston.id };
  it.each<[string, Partial<ReplyToConversationInput>, string, string]>([
    [
      'both admin and contact',
      { admin, contact },
      'input',
      'Give exactly one of admin or contact: who writes the reply.',
    ],
    ['neither', {}, 'input', 'Give exactly one of admin or contact: who writes the reply.'],
    [
      'a note from a contact',
      { contact, messageType: 'NOTE' },
      'input.messageType',
      'Only an admin writes notes: a contact’s reply is a COMMENT.',
    ],
    [
      'HTML from a contact',
      { contact, body: '<b>hi</b>' },
      'input.body',
      'A contact’s reply is plain text: remove the HTML tags.',
    ],
    ['a blank body', { admin, body: '   ' }, 'input.body', 'The reply body must not be empty.'],
    [
      'eleven attachments',
      { admin, attachmentUrls: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}`) },
      'input.attachmentUrls',
      'A reply may carry at most 10 attachments.',
    ],
    [
      'a javascript: URL',
      { admin, attachmentUrls: ['javascript:alert(1)'] },
      'input.attachmentUrls',
      'Each attachment URL is an http(s) URL of at most 2048 characters.',
    ],
    [
      'a 3,000-character URL',
      { admin, attachmentUrls: [`https://example.com/${'a'.repeat(3000)}`] },
      'input.attachmentUrls',
      'Each attachment URL is an http(s) URL of at most 2048 characters.',
    ],
    [
      'a conversation id with a slash',
      { admin, conversationId: '../admins' },
      'input.conversationId',
      'conversationId is not an Intercom id: 1-64 letters, digits, _ or -.',
    ],
    [
      'an empty conversation id',
      { admin, conversationId: '' },
      'input.conversationId',
      'conversationId must not be empty.',
    ],
    [
      'an admin id that is not a number',
      { admin: { id: 'wash' } },
      'input.admin.id',
      'An admin id is a number, as Intercom gives it (at most 16 digits).',
    ],
    [
      'a contact with two identifiers',
      { contact: { ...contact, email: 'a@example.com' } },
      'input.contact',
      'Give exactly one of id, userId or email.',
    ],
  ])('%s', async (_name, change, field, message) => {
    const answer = await reply(stack, {
      conversationId: '1',
      body: 'Hi',
      ...change,
    } as ReplyToConversationInput);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: expect.arrayContaining([{ field, message }]),
    });
    expect(JSON.stringify(answer.body)).not.toContain('alert(1)');
    expect(stack.upstream(REPLY)).toHaveLength(0);
  });
});

describe('who may reply', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: jwtEnv() });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  const person = (sub: string, contactId: string) =>
    signJwt({ sub, intercom_contact_id: contactId, scope: 'messages:user conversations:read' });

  it('a person replies in their own conversation, and sees no notes', async () => {
    const service = await signJwt({
      sub: 'backoffice',
      scope: 'messages:admin messages:admin:any conversations:read conversations:read:any',
    });
    const asService = { authorization: `Bearer ${service}` };
    const messageId = await sendToPonies(stack, asService);
    const conversation = stack.emulator.control.playReply(messageId, 'Hi');
    await reply(
      stack,
      {
        conversationId: conversation.id,
        admin: { id: SEED.admins.wash.id },
        messageType: 'NOTE',
        body: 'internal',
      },
      asService,
    );

    const own = { authorization: `Bearer ${await person(winston.externalId, winston.id)}` };
    const written = await reply(
      stack,
      {
        conversationId: conversation.id,
        contact: { type: 'USER', id: winston.id },
        body: 'Me again',
      },
      own,
    );
    expect(written.body.errors).toBeUndefined();
    const seen = await stack.execute(ConversationDocument, { id: conversation.id }, own);
    expect(seen.body.data?.conversation?.parts).toMatchObject({ totalCount: 2 });
    expect(seen.body.data?.conversation?.parts.edges.map((edge) => edge.node.partType)).toEqual([
      'comment',
      'comment',
    ]);
  });

  it('answers a person writing in someone else’s conversation as for none, refuses them writing as someone else, before Intercom', async () => {
    const service = await signJwt({
      sub: 'backoffice',
      scope: 'messages:admin messages:admin:any',
    });
    const messageId = await sendToPonies(stack, { authorization: `Bearer ${service}` });
    const conversation = stack.emulator.control.playReply(messageId, 'Hi');
    const julia = SEED.users.thisLand;
    const asJulia = { authorization: `Bearer ${await person(julia.externalId, julia.id)}` };

    const elsewhere = await reply(
      stack,
      {
        conversationId: conversation.id,
        contact: { type: 'USER', id: julia.id },
        body: 'Let me in',
      },
      asJulia,
    );
    expect(elsewhere.body.errors?.[0]).toMatchObject({
      message: 'Intercom has no conversation with that id.',
      extensions: { code: 'NOT_FOUND' },
    });
    // Word for word the answer for a conversation Intercom does not have: it tells no existence.
    const nowhere = await reply(
      stack,
      { conversationId: '999999', contact: { type: 'USER', id: julia.id }, body: 'Let me in' },
      asJulia,
    );
    expect(
      nowhere.body.errors?.map(({ message, extensions }) => [message, extensions?.code]),
    ).toEqual(elsewhere.body.errors?.map(({ message, extensions }) => [message, extensions?.code]));
    const impersonating = await reply(
      stack,
      {
        conversationId: conversation.id,
        contact: { type: 'USER', id: winston.id },
        body: 'I am Winston',
      },
      asJulia,
    );
    expect(impersonating.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const id of [conversation.id, '999999']) {
      expect((await stack.execute(ConversationDocument, { id }, asJulia)).body).toEqual({
        data: { conversation: null },
      });
    }
    expect(stack.upstream(REPLY)).toHaveLength(0);
  });

  it('an admin token replies only as its own admins', async () => {
    const token = await signJwt({
      sub: 'wash',
      scope: 'messages:admin',
      intercom_admin_ids: [SEED.admins.wash.id],
    });
    const answer = await reply(
      stack,
      { conversationId: '1', admin: { id: SEED.admins.zoe.id }, body: 'As Zoe' },
      { authorization: `Bearer ${token}` },
    );
    expect(answer.body.errors?.[0]).toMatchObject({
      message: `Your token does not allow replying as admin ${SEED.admins.zoe.id}.`,
      extensions: { code: 'FORBIDDEN' },
    });
    expect(stack.upstream(REPLY)).toHaveLength(0);
  });
});
