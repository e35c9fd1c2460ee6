import { request } from 'undici';
import { SEED } from '../../src/emulator';
import { SendUserMessageDocument } from '../../generated/graphql/graphql';
import { apiKeyEnv, newApiKey } from '../helpers/auth';
import { sendToPonies } from '../helpers/send';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';
import { until } from '../helpers/until';

const STARTED = `subscription ($messageId: ID!, $contact: ContactInput!) {
  conversationStarted(messageId: $messageId, contact: $contact) { id source { id } }
}`;
const ponies = { type: 'USER', id: SEED.users.ponies.id };
const key = newApiKey('poller', ['messages:admin', 'messages:user', 'conversations:read']);
const auth = { authorization: `Bearer ${key.key}` };
const hey = { from: { type: 'USER' as const, id: SEED.users.ponies.id }, body: 'Hey' };

/** What subscriptions ask Intercom while they wait: a search, and the contact's check. */
const POLL_ROUTES = new Set(['POST /conversations/search', 'GET /contacts/:id']);

/** The first thing a subscription answers: its data, or its first error's extensions. */
function firstOutcome(events: AsyncIterator<any>): Promise<any> {
  return events.next().then(
    (result) => result.value?.errors?.[0]?.extensions ?? result.value?.data,
    (errors: Array<{ extensions?: Record<string, unknown> }>) => errors[0]?.extensions,
  );
}

describe('polling without webhooks cannot be amplified', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      webhooks: false,
      env: {
        ...apiKeyEnv([key]),
        CONVERSATION_POLL_INTERVAL_MS: '100',
        CONVERSATION_POLL_MAX_WAIT_MS: '60000',
        GATEWAY_RATE_LIMIT: '1000',
      },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  it('subscribers waiting on the same message and contact share one look per round', async () => {
    const messageId = await sendToPonies(stack, auth);
    const searches = () => stack.upstream('POST /conversations/search').length;
    const clients = [subscriptionClient(stack.gateway.graphqlUrl, auth)];
    clients.push(subscriptionClient(stack.gateway.graphqlUrl, auth));
    try {
      // Five subscribers over two sockets, all for the same message and contact.
      const waiting = Array.from({ length: 5 }, (_, index) =>
        firstOutcome(
          subscribe(clients[index % 2]!.client, STARTED, { messageId, contact: ponies }),
        ),
      );
      // A few rounds go by with everyone waiting; then the contact replies.
      await until(() => searches() >= 4);
      const before = searches();
      stack.emulator.control.playReply(messageId, 'At last.');
      const outcomes = await Promise.all(waiting);
      for (const outcome of outcomes) {
        expect(outcome).toMatchObject({ conversationStarted: { source: { id: messageId } } });
      }
      // One round found it for all five: one search, not one each.
      expect(searches()).toBe(before + 1);
      // The group's first look checked the contact once for all of them.
      expect(stack.upstream('GET /contacts/:id')).toHaveLength(1);
    } finally {
      await Promise.all(clients.map(({ client }) => client.dispose()));
    }
  });

  it('stops polling for a subscriber as soon as its socket closes', async () => {
    const searchesFor = (messageId: string) =>
      stack
        .upstream('POST /conversations/search')
        .filter((entry) => JSON.stringify(entry.body).includes(messageId)).length;
    const leaving = subscriptionClient(stack.gateway.graphqlUrl, auth);
    void firstOutcome(
      subscribe(leaving.client, STARTED, { messageId: 'left-behind', contact: ponies }),
    );
    await until(() => searchesFor('left-behind') >= 2);
    await leaving.client.dispose();
    await leaving.closed;
    const polledBefore = searchesFor('left-behind');
    // Another subscriber's rounds go on; the one that left has no more.
    const staying = subscriptionClient(stack.gateway.graphqlUrl, auth);
    try {
      void firstOutcome(
        subscribe(staying.client, STARTED, { messageId: 'still-here', contact: ponies }),
      );
      await until(() => searchesFor('still-here') >= 5);
      expect(searchesFor('left-behind')).toBeLessThanOrEqual(polledBefore + 1);
    } finally {
      await staying.client.dispose();
    }
  });
});

describe("each poll costs the subscriber's request budget", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      webhooks: false,
      env: {
        ...apiKeyEnv([key]),
        CONVERSATION_POLL_INTERVAL_MS: '100',
        CONVERSATION_POLL_MAX_WAIT_MS: '60000',
        // The subscription itself, then three polls.
        GATEWAY_RATE_LIMIT: '4',
        GATEWAY_RATE_LIMIT_WINDOW_SECONDS: '3600',
      },
    });
  });
  afterAll(() => stack.close());

  it('ends the subscription with RATE_LIMITED once its polls have spent the budget, and polls no more', async () => {
    const { client } = subscriptionClient(stack.gateway.graphqlUrl, auth);
    try {
      const outcome = await firstOutcome(
        subscribe(client, STARTED, { messageId: 'no-such-message', contact: ponies }),
      );
      expect(outcome).toEqual({
        code: 'RATE_LIMITED',
        retryAfterSeconds: expect.any(Number),
        requestId: expect.any(String),
      });
      // The first look at subscribe, then one search per poll the budget paid for.
      expect(stack.upstream('POST /conversations/search')).toHaveLength(4);
      // The same budget as HTTP: spent.
      const answer = await request(stack.gateway.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ query: '{ intercomApiVersion }' }),
      });
      await answer.body.dump();
      expect(answer.statusCode).toBe(429);
      expect(stack.upstream('POST /conversations/search')).toHaveLength(4);
      expect(stack.upstream('POST /messages')).toEqual([]);
    } finally {
      await client.dispose();
    }
  });
});

/**
 * Subscriptions that wait on eight different messages poll far more than a small quota allows;
 * the emulator paces at `limit` calls a second once the polls are under way.
 */
async function saturatedStack(sharePercent: string, limit: number) {
  const stack = await startStack({
    webhooks: false,
    emulator: { rateLimit: 0, rateLimitWindowMs: 1000 },
    env: {
      ...apiKeyEnv([key]),
      CONVERSATION_POLL_INTERVAL_MS: '100',
      CONVERSATION_POLL_MAX_WAIT_MS: '60000',
      GATEWAY_RATE_LIMIT: '100000',
      INTERCOM_QUOTA_POLL_SHARE_PERCENT: sharePercent,
      INTERCOM_QUOTA_MAX_WAIT_MS: '10000',
      INTERCOM_TIMEOUT_MS: '10000',
    },
  });
  const socket = subscriptionClient(stack.gateway.graphqlUrl, auth);
  const close = async () => {
    await socket.client.dispose();
    await stack.close();
  };
  // None of the eight may end while the polls are set up: one that does says why, at once.
  const ended: unknown[] = [];
  const settingUp = (condition: () => boolean) =>
    until(() => {
      if (ended.length > 0) {
        throw new Error(`A subscription ended during the set-up: ${JSON.stringify(ended[0])}`);
      }
      return condition();
    });
  try {
    for (let index = 0; index < 8; index += 1) {
      void firstOutcome(
        subscribe(socket.client, STARTED, { messageId: `missing-${index}`, contact: ponies }),
      ).then((outcome) => ended.push(outcome ?? 'no outcome'));
    }
    // Every group has finished its first look (its search and the contact's check) and polled
    // again, with no quota yet; from now on the polls compete for `limit`. A first look cut short
    // by the limit would end its subscription, and with it that group's polls. One pass over
    // the searches per look: the wait looks again at every turn of the event loop.
    const everyGroupPolledTwice = () => {
      const searches = new Map<string, number>();
      for (const entry of stack.upstream('POST /conversations/search')) {
        const group = /"missing-(\d)"/.exec(JSON.stringify(entry.body))?.[1];
        if (group !== undefined) searches.set(group, (searches.get(group) ?? 0) + 1);
      }
      return [...searches.values()].filter((count) => count >= 2).length === 8;
    };
    await settingUp(everyGroupPolledTwice);
    stack.emulator.control.setRateLimit(limit);
    const polled = () => stack.upstream('POST /conversations/search').length;
    const limitedFrom = polled();
    // Two windows of polls under the limit: the poll lane is full, and polls wait in it.
    await settingUp(() => polled() >= limitedFrom + 2 * limit);
  } catch (error) {
    await close();
    throw error;
  }
  return { stack, limitedSince: stack.emulator.control.requests().length, close };
}

describe("the quota pacer's poll lane", () => {
  // Each test waits out whole quota windows (a second each) on a machine other suites share.
  jest.setTimeout(60_000);

  it('lets a send go before the polls already waiting', async () => {
    // Polls may use the whole quota (two calls a second): every window is theirs until a send comes.
    const { stack, close } = await saturatedStack('100', 2);
    try {
      const before = stack.emulator.control.requests().length;
      const answer = await stack.execute(SendUserMessageDocument, { input: hey }, auth);
      expect(answer.body.errors).toBeUndefined();
      const log = stack.emulator.control.requests().slice(before);
      const sendAt = log.findIndex((entry) => entry.route === 'POST /messages');
      expect(sendAt).toBeGreaterThanOrEqual(0);
      // Ahead of it, only polls already let through: those of the window the send was asked in
      // (two), and those of the next when the window turned while the send was still on its way
      // to the pacer (two more); never the eight that were waiting for the windows after.
      const pollsAhead = log.slice(0, sendAt).filter((entry) => POLL_ROUTES.has(entry.route));
      expect(pollsAhead.length).toBeLessThanOrEqual(2 * 2);
    } finally {
      await close();
    }
  });

  it('keeps polls within INTERCOM_QUOTA_POLL_SHARE_PERCENT of each window, leaving the rest to sends', async () => {
    // Four calls a second, polls half of them.
    const { stack, limitedSince, close } = await saturatedStack('50', 4);
    try {
      const sends = await Promise.all(
        Array.from({ length: 4 }, () =>
          stack.execute(SendUserMessageDocument, { input: hey }, auth),
        ),
      );
      expect(sends.map((answer) => answer.body.errors)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      const byWindow = new Map<number, { polls: number; all: number }>();
      for (const entry of stack.emulator.control.requests().slice(limitedSince)) {
        const window = Math.floor(entry.at / 1000);
        const counts = byWindow.get(window) ?? { polls: 0, all: 0 };
        counts.all += 1;
        if (POLL_ROUTES.has(entry.route)) counts.polls += 1;
        byWindow.set(window, counts);
      }
      for (const counts of byWindow.values()) {
        expect(counts.polls).toBeLessThanOrEqual(2);
        expect(counts.all).toBeLessThanOrEqual(4);
      }
      // Nothing ran into Intercom's limit.
      expect(
        stack.emulator.control.requests().filter((entry) => entry.route === 'POST /messages'),
      ).toHaveLength(4);
    } finally {
      await close();
    }
  });
});
