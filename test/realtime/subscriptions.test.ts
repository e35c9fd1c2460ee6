import { randomUUID } from 'node:crypto';
import { SEED } from '../../src/emulator';
import { signWebhook } from '../../src/webhooks/signature';
import { createLogger } from '../../src/logger';
import { jwtEnv, signJwt } from '../helpers/auth';
import { LogCapture } from '../helpers/log-capture';
import { sendToPonies } from '../helpers/send';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';
import { until } from '../helpers/until';
import { notification, postWebhook } from '../helpers/webhooks';

const STARTED = `subscription ($messageId: ID!, $contact: ContactInput!) {
  conversationStarted(messageId: $messageId, contact: $contact) { id state source { id } contacts { id } partsCount }
}`;
const UPDATED = `subscription ($conversationId: ID!) {
  conversationUpdated(conversationId: $conversationId) { id partsCount updatedAt }
}`;
const ponies = { type: 'USER', id: SEED.users.ponies.id };

describe('subscriptions fed by Intercom webhooks', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it('delivers the conversation once when the contact replies', async () => {
    const messageId = await sendToPonies(stack);
    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      const events = subscribe(client, STARTED, { messageId, contact: ponies });
      const first = events.next();
      // The subscription is in place once the gateway has looked for an existing conversation.
      await until(() => stack.upstream('POST /conversations/search').length > 0);
      stack.emulator.control.playReply(messageId, 'Sinister, surely.');
      const { value } = await first;
      expect(value.errors).toBeUndefined();
      expect(value.data.conversationStarted).toMatchObject({
        state: 'OPEN',
        source: { id: messageId },
        contacts: [{ id: SEED.users.ponies.id }],
      });
      expect(await events.next()).toEqual({ done: true, value: undefined });
    } finally {
      await client.dispose();
    }
  });

  it('delivers at once when the conversation exists already', async () => {
    const messageId = await sendToPonies(stack);
    stack.emulator.control.playReply(messageId, 'Already replied');
    await stack.emulator.webhooks.idle();
    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      const events = subscribe(client, STARTED, { messageId, contact: ponies });
      const { value } = await events.next();
      expect(value.data.conversationStarted.source.id).toBe(messageId);
      expect((await events.next()).done).toBe(true);
    } finally {
      await client.dispose();
    }
  });

  /** A conversation the contact replied in, and a subscriber to its updates that is listening. */
  async function followRepliedConversation() {
    const messageId = await sendToPonies(stack);
    const conversation = stack.emulator.control.playReply(messageId, 'Hi');
    await stack.emulator.webhooks.idle();
    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    const events = subscribe(client, UPDATED, { conversationId: conversation.id });
    const first = events.next();
    // Listening once the gateway has fetched the conversation to check who may follow it.
    await until(() => stack.upstream('GET /conversations/:id').length > 0);
    return { conversation, client, events, first };
  }

  it('refuses a forged or missing signature and publishes nothing; publishes a genuine one', async () => {
    const { conversation, client, first } = await followRepliedConversation();
    try {
      const forged = notification(conversation.id, { updated_at: 1_700_000_001 });
      expect((await postWebhook(stack, forged, signWebhook(forged, 'not-the-secret'))).status).toBe(
        401,
      );
      expect((await postWebhook(stack, forged)).status).toBe(401);
      const genuine = notification(conversation.id, { updated_at: 1_700_000_002 });
      expect(
        (await postWebhook(stack, genuine, signWebhook(genuine, stack.emulator.webhookSecret)))
          .status,
      ).toBe(200);
      const { value } = await first;
      // The first event is the genuine one: the forged ones never reached the subscriber.
      expect(value.data.conversationUpdated.updatedAt).toBe(
        new Date(1_700_000_002_000).toISOString(),
      );
    } finally {
      await client.dispose();
    }
  });

  it('delivers a redelivered notification once', async () => {
    const { conversation, client, events, first } = await followRepliedConversation();
    try {
      const once = notification(conversation.id, { updated_at: 1_700_000_010 });
      const signature = signWebhook(once, stack.emulator.webhookSecret);
      await postWebhook(stack, once, signature);
      await postWebhook(stack, once, signature);
      const next = notification(conversation.id, { updated_at: 1_700_000_020 });
      await postWebhook(stack, next, signWebhook(next, stack.emulator.webhookSecret));
      const a = (await first).value.data.conversationUpdated.updatedAt;
      const b = (await events.next()).value.data.conversationUpdated.updatedAt;
      expect([a, b]).toEqual([
        new Date(1_700_000_010_000).toISOString(),
        new Date(1_700_000_020_000).toISOString(),
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('answers ping and accepts other topics without acting', async () => {
    for (const topic of ['ping', 'contact.created']) {
      const body = JSON.stringify({
        type: 'notification_event',
        id: `notif_${randomUUID()}`,
        topic,
        data: { item: {} },
      });
      const answer = await postWebhook(
        stack,
        body,
        signWebhook(body, stack.emulator.webhookSecret),
      );
      expect(answer).toEqual({ status: 200, body: { ok: true } });
    }
  });

  it('closes subscribers cleanly when the gateway shuts down', async () => {
    const own = await startStack();
    const { client, closed } = subscriptionClient(own.gateway.graphqlUrl);
    const messageId = await sendToPonies(own);
    const events = subscribe(client, STARTED, { messageId, contact: ponies });
    const pending = events.next().catch((error: unknown) => error);
    await until(() => own.upstream('POST /conversations/search').length > 0);
    await own.close();
    expect((await closed).code).toBe(1001);
    await pending;
    await client.dispose();
  });
});

describe('subscriptions and access control', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: jwtEnv() });
  });
  afterAll(() => stack.close());

  it("answers following someone else's conversation as a missing one, refuses a connection without a token", async () => {
    const admin = await signJwt({ sub: 'ops', scope: 'messages:admin messages:admin:any' });
    const messageId = await sendToPonies(stack, { authorization: `Bearer ${admin}` });
    const conversation = stack.emulator.control.playReply(messageId, 'Hi');

    const glaucon = await signJwt({
      sub: SEED.users.glaucon.externalId,
      scope: 'conversations:read',
    });
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, {
      authorization: `Bearer ${glaucon}`,
    });
    try {
      // A refusal arrives as a result with errors, or (once streaming) as an error message.
      const refusal = (query: string, variables: Record<string, unknown>) =>
        subscribe(client, query, variables)
          .next()
          .then(
            (result) => result.value?.errors?.[0]?.extensions?.code,
            (errors: Array<{ extensions?: { code?: string } }>) => errors[0]?.extensions?.code,
          );
      // Another's conversation is not found, as one Intercom does not have.
      expect(await refusal(UPDATED, { conversationId: conversation.id })).toBe('NOT_FOUND');
      expect(await refusal(UPDATED, { conversationId: '999999' })).toBe('NOT_FOUND');
      // Naming another contact says nothing of a conversation: refused for the token's rights.
      expect(await refusal(STARTED, { messageId, contact: ponies })).toBe('FORBIDDEN');
    } finally {
      await client.dispose();
    }

    const anonymous = subscriptionClient(stack.gateway.graphqlUrl);
    expect((await anonymous.closed).code).toBe(4403);
    await anonymous.client.dispose();

    const winston = await signJwt({
      sub: SEED.users.ponies.externalId,
      scope: 'conversations:read',
    });
    const own = subscriptionClient(stack.gateway.graphqlUrl, {
      authorization: `Bearer ${winston}`,
    });
    try {
      const started = await subscribe(own.client, STARTED, {
        messageId,
        contact: { type: 'USER', userId: SEED.users.ponies.externalId },
      }).next();
      expect(started.value.data.conversationStarted.id).toBe(conversation.id);
    } finally {
      await own.client.dispose();
    }
  });
});

describe('a contact that does not exist', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('conversationStarted answers NOT_FOUND instead of waiting forever', async () => {
    const messageId = await sendToPonies(stack);
    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      const events = subscribe(client, STARTED, {
        messageId,
        contact: { type: 'USER', id: '5e5e5e5e5e5e5e5e5e0000ff' },
      });
      await expect(events.next()).rejects.toEqual([
        expect.objectContaining({
          message: 'Intercom has no contact with that id.',
          // The operation's request id, as every other error carries it (to find its log line).
          extensions: { code: 'NOT_FOUND', requestId: expect.stringMatching(/^[\w-]{36}$/) },
        }),
      ]);
    } finally {
      await client.dispose();
    }
  });
});

describe('without webhooks (no INTERCOM_CLIENT_SECRET)', () => {
  let stack: Stack;
  const capture = new LogCapture();
  beforeAll(async () => {
    stack = await startStack({
      webhooks: false,
      logger: createLogger('warn', capture),
      env: { CONVERSATION_POLL_INTERVAL_MS: '100', CONVERSATION_POLL_MAX_WAIT_MS: '1000' },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it('says so at start-up', async () => {
    await until(() => capture.lines.length > 0);
    expect(capture.entries().map((entry) => entry.msg)).toContain(
      'Webhooks are off (INTERCOM_CLIENT_SECRET is not set): conversationStarted asks Intercom every 0.1 s for at most 1 s, and conversationUpdated is refused.',
    );
  });

  it('conversationStarted finds the reply by asking Intercom again', async () => {
    const messageId = await sendToPonies(stack);
    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      const events = subscribe(client, STARTED, { messageId, contact: ponies });
      const first = events.next();
      await until(() => stack.upstream('GET /contacts/:id').length > 0);
      stack.emulator.control.playReply(messageId, 'Polled, not pushed.');
      const { value } = await first;
      expect(value.data.conversationStarted.source.id).toBe(messageId);
      expect((await events.next()).done).toBe(true);
      expect(stack.upstream('POST /conversations/search').length).toBeGreaterThan(1);
    } finally {
      await client.dispose();
    }
  });

  it('conversationStarted gives up after CONVERSATION_POLL_MAX_WAIT_MS with WAIT_EXPIRED', async () => {
    const messageId = await sendToPonies(stack);
    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      const events = subscribe(client, STARTED, { messageId, contact: ponies });
      await expect(events.next()).rejects.toEqual([
        expect.objectContaining({
          message:
            'No reply came within 1 seconds of asking Intercom. Subscribe again to keep waiting.',
          extensions: { code: 'WAIT_EXPIRED', requestId: expect.any(String) },
        }),
      ]);
      // Bounded: about one search per interval, not a busy loop.
      expect(stack.upstream('POST /conversations/search').length).toBeLessThanOrEqual(12);
    } finally {
      await client.dispose();
    }
  });

  it('conversationUpdated is refused with WEBHOOKS_OFF, not left waiting', async () => {
    const { client } = subscriptionClient(stack.gateway.graphqlUrl);
    try {
      await expect(subscribe(client, UPDATED, { conversationId: '1' }).next()).rejects.toEqual([
        expect.objectContaining({
          extensions: { code: 'WEBHOOKS_OFF', requestId: expect.any(String) },
        }),
      ]);
    } finally {
      await client.dispose();
    }
  });
});
