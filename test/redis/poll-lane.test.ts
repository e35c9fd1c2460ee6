import { print } from 'graphql';
import { request } from 'undici';
import { loadConfig } from '../../src/config';
import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';
import { createLogger } from '../../src/logger';
import { startGateway, type RunningGateway } from '../../src/server';
import { SendUserMessageDocument } from '../../generated/graphql/graphql';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';
import { until } from '../helpers/until';
import { isolatedPrefix, redisUrlFromEnv } from './replicas';

const STARTED = `subscription ($messageId: ID!, $contact: ContactInput!) {
  conversationStarted(messageId: $messageId, contact: $contact) { id }
}`;
const ponies = { type: 'USER', id: SEED.users.ponies.id };
/** What subscriptions ask Intercom while they wait: a search, and the contact's check. */
const POLL_ROUTES = new Set(['POST /conversations/search', 'GET /contacts/:id']);

describe('the poll lane across replicas sharing one Redis quota', () => {
  const redisUrl = redisUrlFromEnv();
  const { prefix, cleanUp } = isolatedPrefix();
  let emulator: RunningEmulator;
  const gateways: RunningGateway[] = [];

  /** A replica without webhooks: its subscriptions poll. */
  const replica = async (env: Record<string, string>) => {
    const gateway = await startGateway({
      config: loadConfig({
        LOG_LEVEL: 'silent',
        PORT: '0',
        LEDGER: 'off',
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: prefix,
        CONVERSATION_POLL_INTERVAL_MS: '100',
        CONVERSATION_POLL_MAX_WAIT_MS: '60000',
        GATEWAY_RATE_LIMIT: '0',
        INTERCOM_QUOTA_MAX_WAIT_MS: '10000',
        INTERCOM_TIMEOUT_MS: '10000',
        ...env,
      }),
      upstream: { baseUrl: emulator.url, accessToken: emulator.accessToken },
      logger: createLogger('silent'),
    });
    gateways.push(gateway);
    return gateway;
  };

  const send = async (gateway: RunningGateway) => {
    const answer = await request(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: print(SendUserMessageDocument),
        variables: { input: { from: ponies, body: 'Hey' } },
      }),
    });
    return (await answer.body.json()) as { errors?: unknown };
  };

  /** Eight subscriptions polling on `gateway`, far more than `limit` calls a second allow. */
  const saturate = async (gateway: RunningGateway, limit: number) => {
    const socket = subscriptionClient(gateway.graphqlUrl);
    for (let index = 0; index < 8; index += 1) {
      subscribe(socket.client, STARTED, { messageId: `missing-${index}`, contact: ponies })
        .next()
        .catch(() => undefined);
    }
    const polled = () => emulator.control.requests('POST /conversations/search').length;
    await until(() => polled() >= 8);
    emulator.control.setRateLimit(limit);
    const limitedFrom = polled();
    await until(() => polled() >= limitedFrom + 2 * limit);
    return socket;
  };

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, rateLimit: 0, rateLimitWindowMs: 1000 });
  });
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gateway) => gateway.close()));
    await emulator.close();
    await cleanUp(redisUrl);
  });

  it("lets one replica's send go before the polls another replica has waiting", async () => {
    const polling = await replica({ INTERCOM_QUOTA_POLL_SHARE_PERCENT: '100' });
    const sending = await replica({ INTERCOM_QUOTA_POLL_SHARE_PERCENT: '100' });
    const socket = await saturate(polling, 2);
    try {
      const before = emulator.control.requests().length;
      expect((await send(sending)).errors).toBeUndefined();
      const log = emulator.control.requests().slice(before);
      const sendAt = log.findIndex((entry) => entry.route === 'POST /messages');
      expect(sendAt).toBeGreaterThanOrEqual(0);
      const pollsAhead = log.slice(0, sendAt).filter((entry) => POLL_ROUTES.has(entry.route));
      expect(pollsAhead.length).toBeLessThanOrEqual(2);
    } finally {
      await socket.client.dispose();
    }
  });

  it('keeps polls within their share of each window, counted across replicas', async () => {
    const env = { INTERCOM_QUOTA_POLL_SHARE_PERCENT: '50' };
    const [one, two] = [await replica(env), await replica(env)];
    const first = await saturate(one, 4);
    const limitedSince = emulator.control.requests().length;
    const second = subscriptionClient(two.graphqlUrl);
    try {
      for (let index = 0; index < 8; index += 1) {
        subscribe(second.client, STARTED, { messageId: `other-${index}`, contact: ponies })
          .next()
          .catch(() => undefined);
      }
      const sends = await Promise.all([send(one), send(two), send(one), send(two)]);
      expect(sends.map((answer) => answer.errors)).toEqual([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      // Two more windows with both replicas polling.
      const polled = () => emulator.control.requests('POST /conversations/search').length;
      const now = polled();
      await until(() => polled() >= now + 4);
      const byWindow = new Map<number, { polls: number; all: number }>();
      for (const entry of emulator.control.requests().slice(limitedSince)) {
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
    } finally {
      await first.client.dispose();
      await second.client.dispose();
    }
  });
});
