import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'undici';
import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';
import { signWebhook } from '../../src/webhooks/signature';
import { subscriptionClient } from '../helpers/subscriptions';
import { eventually, until } from '../helpers/until';
import {
  graphql,
  hey,
  SEND,
  startPrivateRedis,
  isolatedPrefix,
  redisUrlFromEnv,
  startReplica,
  type Replica,
  valuesUnder,
} from './replicas';

describe('replicas sharing one Redis', () => {
  const redisUrl = redisUrlFromEnv();
  const { prefix, cleanUp } = isolatedPrefix();
  let emulator: RunningEmulator;
  let replicas: Replica[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterEach(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    replicas = [];
  });
  afterAll(async () => {
    await emulator.close();
    await cleanUp(redisUrl);
  });
  beforeEach(() => emulator.control.reset());

  const twoReplicas = async (env: Record<string, string> = {}) => {
    const shared = {
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      INTERCOM_BASE_URL: emulator.url,
      ...env,
    };
    replicas = await Promise.all([startReplica(shared), startReplica(shared)]);
    return replicas as [Replica, Replica];
  };

  it('sends once for one idempotency key sent to both replicas at the same time', async () => {
    const [a, b] = await twoReplicas();
    emulator.control.addFault({ route: 'POST /messages', latencyMs: 300 });
    const [one, two] = await Promise.all([
      graphql(a, SEND, hey('same-key-1')),
      graphql(b, SEND, hey('same-key-1')),
    ]);
    expect(one.errors).toBeUndefined();
    expect(two.data).toEqual(one.data);
    expect(emulator.control.requests('POST /messages')).toHaveLength(1);
  });

  it('keeps no message body in the shared records: a replay on the other replica answers it from the request', async () => {
    const [a, b] = await twoReplicas();
    const body = `A letter that only the request carries. ${'x'.repeat(20_000)}`;
    const keyed = {
      input: { from: { type: 'USER', id: SEED.users.ponies.id }, body, idempotencyKey: 'letter-1' },
    };
    const sendWithBody = `mutation($input: SendUserMessageInput!) { sendUserMessage(input: $input) { id body createdAt } }`;
    const first = await graphql(a, sendWithBody, keyed);
    expect(first.errors).toBeUndefined();
    expect(first.data.sendUserMessage.body).toBe(body);

    const records = await valuesUnder(redisUrl, prefix);
    expect(records.some((value) => value.includes('"fingerprint"'))).toBe(true);
    expect(records.filter((value) => value.includes('A letter'))).toEqual([]);

    const replay = await graphql(b, sendWithBody, keyed);
    expect(replay.data).toEqual(first.data);
    expect(emulator.control.requests('POST /messages')).toHaveLength(1);
  });

  it('keeps a burst across both replicas within the quota: no 429 reaches a client', async () => {
    const perWindow = 10;
    emulator.control.setRateLimit(perWindow);
    // 1-second windows instead of Intercom's 10 s, so the suite stays quick.
    await emulator.close();
    emulator = await startEmulator({ port: 0, rateLimit: perWindow, rateLimitWindowMs: 1000 });
    const [a, b] = await twoReplicas({ INTERCOM_QUOTA_MAX_WAIT_MS: '20000' });
    // Windows are counted from the burst on: the replicas' start-up calls (GET /me) are not
    // part of it.
    emulator.control.setRateLimit(perWindow);
    // Ten windows' worth: the first window may be cut short by where the second starts.
    const total = 100;
    const answers = await Promise.all(
      Array.from({ length: total }, (_, index) => graphql(index % 2 ? a : b, SEND, hey())),
    );
    expect(answers.filter((answer) => answer.errors)).toEqual([]);
    const state = (await (await request(`${emulator.url}/_emulator/state`)).body.json()) as any;
    expect(state.counts.messages).toBe(total);
    const quotaUsed = total / (perWindow * state.rate_limit_windows);
    expect(quotaUsed).toBeGreaterThanOrEqual(0.9);
  });

  it('delivers a webhook received by one replica to a subscriber on the other', async () => {
    const secret = 'replica-test-client-secret';
    const [a, b] = await twoReplicas({ INTERCOM_CLIENT_SECRET: secret });
    const sent = await graphql(
      a,
      `mutation { sendAdminMessage(input: { messageType: IN_APP, body: "Hi", from: { id: "394051" }, to: { type: USER, id: "${SEED.users.ponies.id}" } }) { id } }`,
    );
    const conversation = emulator.control.playReply(sent.data.sendAdminMessage.id, 'Hello');
    const { client } = subscriptionClient(b.graphqlUrl);
    try {
      const events = client.iterate<any>({
        query:
          'subscription ($id: ID!) { conversationUpdated(conversationId: $id) { id updatedAt } }',
        variables: { id: conversation.id },
      });
      const first = events.next();
      await until(() => emulator.control.requests('GET /conversations/:id').length > 0);
      const body = JSON.stringify({
        type: 'notification_event',
        id: `notif_${randomUUID()}`,
        topic: 'conversation.user.replied',
        created_at: Math.floor(Date.now() / 1000),
        data: {
          item: {
            type: 'conversation',
            id: conversation.id,
            created_at: 1_700_000_000,
            updated_at: 1_700_000_500,
            source: { type: 'conversation', id: sent.data.sendAdminMessage.id },
            contacts: { contacts: [{ id: SEED.users.ponies.id }] },
            state: 'open',
          },
        },
      });
      const posted = await request(`${a.url}/webhooks/intercom`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature': signWebhook(body, secret),
        },
        body,
      });
      expect(posted.statusCode).toBe(200);
      await posted.body.dump();
      const { value } = await first;
      expect(value.data.conversationUpdated).toEqual({
        id: conversation.id,
        updatedAt: new Date(1_700_000_500_000).toISOString(),
      });
    } finally {
      await client.dispose();
    }
  });

  it('shares the message -> conversation cache', async () => {
    const [a, b] = await twoReplicas();
    const sent = await graphql(
      a,
      `mutation { sendAdminMessage(input: { messageType: IN_APP, body: "Hi", from: { id: "394051" }, to: { type: USER, id: "${SEED.users.ponies.id}" } }) { id } }`,
    );
    const messageId = sent.data.sendAdminMessage.id;
    emulator.control.playReply(messageId, 'Hello');
    const lookup = `{ conversationForMessage(messageId: "${messageId}", contact: { type: USER, id: "${SEED.users.ponies.id}" }) { id } }`;
    await graphql(a, lookup);
    emulator.control.clearRequests();
    const fromB = await graphql(b, lookup);
    expect(fromB.data.conversationForMessage.id).toEqual(expect.any(String));
    expect(emulator.control.requests('POST /conversations/search')).toHaveLength(0);
  });
});

describe('when Redis goes away', () => {
  let redis: ChildProcess;
  let redisUrl: string;
  let emulator: RunningEmulator;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    ({ process: redis, url: redisUrl } = await startPrivateRedis());
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    if (redis.exitCode === null) redis.kill('SIGKILL');
    await emulator.close();
  });

  it('sees a frozen Redis (SIGSTOP) on /readyz within seconds, and uses it again once it thaws', async () => {
    const strict = await startReplica({
      REDIS_URL: redisUrl,
      INTERCOM_BASE_URL: emulator.url,
      REDIS_TIMEOUT_MS: '200',
      IDEMPOTENCY_REQUIRED: 'true',
    });
    replicas.push(strict);
    const readyz = async () => {
      const answer = await request(`${strict.url}/readyz`);
      return { status: answer.statusCode, body: (await answer.body.json()) as { store: string } };
    };
    expect((await graphql(strict, SEND, hey('before-freeze'))).errors).toBeUndefined();
    redis.kill('SIGSTOP');
    try {
      // A frozen server answers nothing and closes nothing: the connection stays open.
      const refused = await graphql(strict, SEND, hey('during-freeze'));
      expect(refused.errors[0].extensions.code).toBe('IDEMPOTENCY_UNAVAILABLE');
      const frozen = await eventually(readyz, ({ status }) => status === 503);
      expect(frozen.body.store).toBe('redis-down');
    } finally {
      redis.kill('SIGCONT');
    }
    await eventually(readyz, ({ status, body }) => status === 200 && body.store === 'redis');
    expect((await graphql(strict, SEND, hey('after-thaw'))).errors).toBeUndefined();
    expect(strict.process.exitCode).toBeNull();
  });

  it('keeps sending with each replica’s own guarantee, or refuses keyed sends when it is required; never hangs or crashes', async () => {
    const base = { REDIS_URL: redisUrl, INTERCOM_BASE_URL: emulator.url, REDIS_TIMEOUT_MS: '200' };
    const lenient = await startReplica(base);
    const strict = await startReplica({ ...base, IDEMPOTENCY_REQUIRED: 'true' });
    replicas.push(lenient, strict);
    expect((await graphql(lenient, SEND, hey('before-outage'))).errors).toBeUndefined();

    redis.kill('SIGKILL');
    await once(redis, 'exit');

    const sentBefore = emulator.control.requests('POST /messages').length;
    const degraded = await graphql(lenient, SEND, hey('during-outage'));
    expect(degraded.errors).toBeUndefined();
    // The replica's own store keeps a retry to the same replica exactly-once.
    const retried = await graphql(lenient, SEND, hey('during-outage'));
    expect(retried.data).toEqual(degraded.data);
    expect(emulator.control.requests('POST /messages')).toHaveLength(sentBefore + 1);
    const refused = await graphql(strict, SEND, hey('during-outage-strict'));
    expect(refused.errors[0].extensions).toMatchObject({
      code: 'IDEMPOTENCY_UNAVAILABLE',
      mayHaveBeenSent: false,
    });
    const unkeyed = await graphql(strict, SEND, hey());
    expect(unkeyed.errors).toBeUndefined();

    const lenientReady = await request(`${lenient.url}/readyz`);
    expect(lenientReady.statusCode).toBe(200);
    expect(await lenientReady.body.json()).toEqual({
      status: 'degraded',
      store: 'redis-down',
      intercom: 'verified',
      ledger: 'off',
    });
    const strictReady = await request(`${strict.url}/readyz`);
    expect(strictReady.statusCode).toBe(503);
    expect(await strictReady.body.json()).toEqual({
      status: 'unavailable',
      store: 'redis-down',
      intercom: 'verified',
      ledger: 'off',
    });

    expect(lenient.process.exitCode).toBeNull();
    expect(strict.process.exitCode).toBeNull();
  });
});
