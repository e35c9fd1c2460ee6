import { parse } from 'graphql';
import { SEED } from '../../src/emulator';
import {
  ConversationForMessageDocument,
  SendAdminMessageDocument,
  SendAdminMessageWithConversationDocument,
  SendUserMessageWithConversationDocument,
  type ContactInput,
} from '../../generated/graphql/graphql';
import { startStack, type Stack } from '../helpers/stack';

const ponies = { type: 'USER' as const, id: SEED.users.ponies.id };

describe.each([
  // per page, and how many of the contact's conversations are newer/older than the match,
  // so that the match lands on page 3 of 401.
  { version: '2.14', perPage: 150, newer: 301, older: 99 },
  { version: '1.4', perPage: 60, newer: 130, older: 270 },
])('conversationForMessage on Intercom API $version', ({ version, perPage, newer, older }) => {
  let stack: Stack;
  const v2 = version.startsWith('2.');
  const walkRoute = v2 ? 'POST /conversations/search' : 'GET /conversations';

  beforeAll(async () => {
    stack = await startStack({ version });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  async function sendToPonies(body = 'How are the ponies?'): Promise<string> {
    const answer = await stack.execute(SendAdminMessageDocument, {
      input: { messageType: 'IN_APP', body, from: { id: '394051' }, to: ponies },
    });
    return answer.body.data?.sendAdminMessage.id as string;
  }

  const lookUp = (messageId: string, contact: ContactInput = ponies) =>
    stack.execute(ConversationForMessageDocument, { messageId, contact });

  it('answers null until the contact replies, then the conversation', async () => {
    const messageId = await sendToPonies();
    const before = await lookUp(messageId);
    expect(before.body.errors).toBeUndefined();
    expect(before.body.data?.conversationForMessage).toBeNull();

    stack.emulator.control.playReply(messageId, 'Sinister, surely.');
    const after = await lookUp(messageId);
    expect(after.body.data?.conversationForMessage).toMatchObject({
      state: 'OPEN',
      open: true,
      read: false,
      partsCount: v2 ? 1 : null,
      source: {
        id: messageId,
        type: 'conversation',
        deliveredAs: 'admin_initiated',
        body: 'How are the ponies?',
        author: { type: 'admin', id: '394051' },
      },
      contacts: [expect.objectContaining({ id: SEED.users.ponies.id })],
    });
  });

  it('finds the match on page 3 of 401, reading per_page conversations a page', async () => {
    stack.emulator.control.seedConversations(SEED.users.ponies.id, older);
    const messageId = await sendToPonies();
    stack.emulator.control.playReply(messageId, 'Found me?');
    stack.emulator.control.seedConversations(SEED.users.ponies.id, newer);
    if (v2) {
      // Where Intercom refuses the source.id filter, the contact's conversations are walked.
      stack.emulator.control.addFault({
        route: 'POST /conversations/search',
        status: 400,
        code: 'parameter_invalid',
        message: 'source.id is not a searchable field',
      });
    }
    stack.emulator.control.clearRequests();

    const answer = await lookUp(messageId);
    expect(answer.body.data?.conversationForMessage?.source.id).toBe(messageId);
    const walk = stack.upstream(walkRoute);
    if (v2) {
      expect(walk).toHaveLength(4);
      expect(walk.map((request) => (request.body as any).pagination.per_page)).toEqual([
        150, 150, 150, 150,
      ]);
      expect((walk[1]?.body as any).query).toEqual({
        field: 'contact_ids',
        operator: '=',
        value: SEED.users.ponies.id,
      });
    } else {
      expect(walk).toHaveLength(3);
      expect(walk.map((request) => request.query.per_page)).toEqual([
        String(perPage),
        String(perPage),
        String(perPage),
      ]);
      expect(walk[0]?.query).toMatchObject({
        type: 'user',
        intercom_user_id: SEED.users.ponies.id,
      });
    }
  });

  it('asks for the contact and the message at once where Intercom allows it', async () => {
    if (!v2) return;
    const messageId = await sendToPonies();
    stack.emulator.control.playReply(messageId, 'Yes?');
    stack.emulator.control.seedConversations(SEED.users.ponies.id, 400);
    stack.emulator.control.clearRequests();
    await lookUp(messageId);
    const [search] = stack.upstream('POST /conversations/search');
    expect(search?.body).toEqual({
      query: {
        operator: 'AND',
        value: [
          { field: 'contact_ids', operator: '=', value: SEED.users.ponies.id },
          { field: 'source.id', operator: '=', value: messageId },
        ],
      },
      pagination: { per_page: 150 },
    });
    expect(stack.upstream('POST /conversations/search')).toHaveLength(1);
  });

  it('keeps a found conversation: a repeated lookup makes no search call', async () => {
    const messageId = await sendToPonies();
    stack.emulator.control.playReply(messageId, 'Hi');
    await lookUp(messageId);
    stack.emulator.control.clearRequests();
    const again = await lookUp(messageId);
    expect(again.body.data?.conversationForMessage?.source.id).toBe(messageId);
    expect(stack.upstream(walkRoute)).toHaveLength(0);
    expect(stack.upstream('GET /conversations/:id')).toHaveLength(1);
  });

  it('does not keep "no conversation yet"', async () => {
    const messageId = await sendToPonies();
    expect((await lookUp(messageId)).body.data?.conversationForMessage).toBeNull();
    stack.emulator.control.playReply(messageId, 'Now I reply');
    expect((await lookUp(messageId)).body.data?.conversationForMessage?.source.id).toBe(messageId);
  });

  it('finds it for a contact given by email or userId', async () => {
    const messageId = await sendToPonies();
    stack.emulator.control.playReply(messageId, 'Hi');
    for (const contact of [
      { type: 'USER' as const, email: SEED.users.ponies.email },
      { type: 'USER' as const, userId: SEED.users.ponies.externalId },
    ]) {
      const answer = await lookUp(messageId, contact);
      expect(answer.body.data?.conversationForMessage?.source.id).toBe(messageId);
    }
  });

  it('does not hand out another contact’s conversation', async () => {
    const messageId = await sendToPonies();
    stack.emulator.control.playReply(messageId, 'Hi');
    const answer = await lookUp(messageId, { type: 'USER', id: SEED.users.glaucon.id });
    expect(answer.body.data?.conversationForMessage).toBeNull();
  });

  it("resolves a user message's conversation", async () => {
    const answer = await stack.execute(SendUserMessageWithConversationDocument, {
      input: { from: { type: 'USER', id: SEED.users.ponies.id }, body: 'Hello?' },
    });
    const sent = answer.body.data?.sendUserMessage;
    expect(sent?.conversation?.source).toMatchObject({
      id: sent?.id,
      deliveredAs: 'customer_initiated',
    });
    // 2.x names the conversation in its answer: fetched directly, no search.
    expect(stack.upstream(walkRoute)).toHaveLength(v2 ? 0 : 1);
  });

  it('answers null for an admin message nobody replied to yet', async () => {
    const answer = await stack.execute(SendAdminMessageWithConversationDocument, {
      input: { messageType: 'IN_APP', body: 'Hi', from: { id: '394051' }, to: ponies },
    });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.sendAdminMessage.conversation).toBeNull();
  });

  it('batches: one walk serves many messages of one contact in one request', async () => {
    const first = await sendToPonies('one');
    const second = await sendToPonies('two');
    stack.emulator.control.playReply(first, 'a');
    stack.emulator.control.playReply(second, 'b');
    stack.emulator.control.clearRequests();
    const document = parse(`
      query ($contact: ContactInput!) {
        a: conversationForMessage(messageId: "${first}", contact: $contact) { id source { id } }
        b: conversationForMessage(messageId: "${second}", contact: $contact) { id source { id } }
        again: conversationForMessage(messageId: "${first}", contact: $contact) { id }
      }`);
    const answer = await stack.execute(document as any, { contact: ponies });
    const data = answer.body.data as any;
    expect(data.a.source.id).toBe(first);
    expect(data.b.source.id).toBe(second);
    expect(data.again.id).toBe(data.a.id);
    expect(stack.upstream(walkRoute)).toHaveLength(1);
  });

  it('refuses a contact without exactly one identifier, before calling Intercom', async () => {
    const answer = await lookUp('123', {
      type: 'USER',
      id: SEED.users.ponies.id,
      email: SEED.users.ponies.email,
    });
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'contact', message: 'Give exactly one of id, userId or email.' }],
    });
    expect(stack.emulator.control.requests()).toEqual([]);
  });

  it('stops at the page limit with LOOKUP_LIMIT_EXCEEDED', async () => {
    const limited = await startStack({ version, env: { CONVERSATION_LOOKUP_MAX_PAGES: '2' } });
    try {
      const answer = await limited.execute(SendAdminMessageDocument, {
        input: { messageType: 'IN_APP', body: 'Hi', from: { id: '394051' }, to: ponies },
      });
      const messageId = answer.body.data?.sendAdminMessage.id as string;
      limited.emulator.control.seedConversations(SEED.users.ponies.id, 400);
      if (v2)
        limited.emulator.control.addFault({ route: 'POST /conversations/search', status: 400 });
      const lookup = await limited.execute(ConversationForMessageDocument, {
        messageId,
        contact: ponies,
      });
      expect(lookup.body.errors?.[0]?.extensions).toMatchObject({
        code: 'LOOKUP_LIMIT_EXCEEDED',
        maxPages: 2,
      });
      expect(limited.upstream(walkRoute)).toHaveLength(v2 ? 3 : 2);
    } finally {
      await limited.close();
    }
  });

  it('stops when Intercom repeats a cursor', async () => {
    const messageId = await sendToPonies();
    const loopingPage = v2
      ? {
          type: 'conversation.list',
          conversations: [],
          pages: { type: 'pages', next: { per_page: 150, starting_after: 'c2FtZQ' } },
        }
      : {
          type: 'conversation.list',
          conversations: [],
          pages: { type: 'pages', next: `${stack.emulator.url}/conversations?type=user&page=2` },
        };
    stack.emulator.control.addFault({ route: walkRoute, body: loopingPage, times: 0 });
    const answer = await lookUp(messageId);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(answer.body.errors?.[0]?.message).toMatch(/same page cursor twice/);
    expect(stack.upstream(walkRoute)).toHaveLength(2);
  });
});

describe('conversationForMessage with createConversationWithoutContactReply (2.x)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ version: '2.14' });
  });
  afterAll(() => stack.close());

  it('finds the conversation opened without a reply', async () => {
    const answer = await stack.execute(SendAdminMessageWithConversationDocument, {
      input: {
        messageType: 'IN_APP',
        body: 'Opened at once',
        from: { id: '394051' },
        to: ponies,
        createConversationWithoutContactReply: true,
      },
    });
    const sent = answer.body.data?.sendAdminMessage;
    expect(sent?.conversation?.source.id).toBe(sent?.id);
    const lookup = await stack.execute(ConversationForMessageDocument, {
      messageId: sent?.id as string,
      contact: ponies,
    });
    expect(lookup.body.data?.conversationForMessage?.id).toBe(sent?.conversation?.id);
  });
});
