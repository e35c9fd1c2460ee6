import { randomBytes } from 'node:crypto';
import { request } from 'undici';
import { loadConfig } from '../../src/config';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import type { RecordedRequest } from '../../src/emulator/request-log';
import { createLogger } from '../../src/logger';
import { startGateway, type RunningGateway } from '../../src/server';
import { metricValue } from '../helpers/metrics';
import { databaseUrl, sql } from '../helpers/postgres';
import { eventually } from '../helpers/until';
import { isolatedPrefix, redisUrlFromEnv } from '../redis/replicas';

/**
 * Two replicas on one PostgreSQL schema pace their calls through one Redis quota: while they
 * send a batch, sends someone waits for go first and succeed, and the batch's sends in each of
 * Intercom's rate-limit windows, summed over both replicas, stay within BULK_QUOTA_SHARE of it.
 */
const schema = `bulk_share_${randomBytes(4).toString('hex')}`;
const redisUrl = redisUrlFromEnv();
const { prefix, cleanUp } = isolatedPrefix();

const LIMIT = 10;
const WINDOW_MS = 1000;
/** BULK_QUOTA_SHARE's default, 0.8: the batch may use 8 calls of each window of 10. */
const BULK_PER_WINDOW = Math.floor(LIMIT * 0.8);
/** About fifteen windows' worth of the batch's share. */
const RECIPIENTS = 120;
const INTERACTIVE = 6;

let emulator: RunningEmulator;
const gateways: RunningGateway[] = [];

const replica = async (): Promise<RunningGateway> => {
  const gateway = await startGateway({
    config: loadConfig({
      LOG_LEVEL: 'silent',
      PORT: '0',
      GATEWAY_AUTH: 'none',
      GATEWAY_RATE_LIMIT: '0',
      DATABASE_URL: databaseUrl,
      LEDGER_SCHEMA: schema,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      INTERCOM_TIMEOUT_MS: '5000',
    }),
    upstream: { baseUrl: emulator.url, accessToken: emulator.accessToken },
    logger: createLogger('silent'),
  });
  gateways.push(gateway);
  return gateway;
};

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimit: LIMIT, rateLimitWindowMs: WINDOW_MS });
  // One at a time: the first migrates the schema the second finds ready.
  await replica();
  await replica();
});
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.close()));
  await emulator?.close();
  await sql(`drop schema if exists ${schema} cascade`);
  await sql(`drop schema if exists ${schema}_pgboss cascade`);
  await cleanUp(redisUrl);
});

async function graphql(gateway: RunningGateway, query: string, variables: unknown) {
  const response = await request(gateway.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.body.json()) as { data?: any; errors?: Array<{ extensions?: any }> };
}

/**
 * The emulator's rate-limit windows, rebuilt from its request log as its limiter opens them:
 * a window opens on the whole second of the first request after the previous one closed.
 */
function windowsOf(requests: readonly RecordedRequest[]): RecordedRequest[][] {
  const windows: RecordedRequest[][] = [];
  let openedAt = Number.NEGATIVE_INFINITY;
  for (const received of [...requests].sort((a, b) => a.at - b.at)) {
    if (received.at >= openedAt + WINDOW_MS) {
      openedAt = received.at - (received.at % 1000);
      windows.push([]);
    }
    windows[windows.length - 1]?.push(received);
  }
  return windows;
}

/** Batch recipients one replica settled SENT, from its own /metrics. */
const settledBy = (gateway: RunningGateway) =>
  metricValue(gateway, 'gateway_bulk_recipients_total{outcome="SENT"}');

const recipientOf = (received: RecordedRequest) =>
  (received.body as { to?: { id?: string } }).to?.id ?? '';

it('two replicas: live sends go first and succeed, the batch keeps to its share of each window', async () => {
  const [first, second] = gateways as [RunningGateway, RunningGateway];
  const batchContacts = Array.from(
    { length: RECIPIENTS },
    (_, index) => emulator.control.createContact({ email: `share${index}@example.com` }).id,
  );
  const liveContacts = Array.from(
    { length: INTERACTIVE },
    (_, index) => emulator.control.createContact({ email: `live${index}@example.com` }).id,
  );
  const created = await graphql(
    first,
    `
      mutation ($input: BulkAdminMessageInput!) {
        sendBulkAdminMessage(input: $input) {
          id
        }
      }
    `,
    {
      input: {
        messageType: 'IN_APP',
        body: 'A batch at its share of the quota.',
        from: { id: '394051' },
        recipients: batchContacts.map((id) => ({ type: 'USER', id })),
      },
    },
  );
  expect(created.errors).toBeUndefined();
  const id = created.data.sendBulkAdminMessage.id as string;
  const BATCH = `query ($id: ID!) { messageBatch(id: $id) {
    state counts { total sent failed unknown pending } } }`;
  const isBatchSend = new Set(batchContacts);
  const batchSends = () =>
    emulator.control
      .requests('POST /messages')
      .filter((received) => isBatchSend.has(recipientOf(received))).length;

  // Live sends once the batch is under way, on either replica, one after another.
  await eventually(
    async () => batchSends(),
    (sent) => sent >= BULK_PER_WINDOW,
  );
  for (const [index, contact] of liveContacts.entries()) {
    const answer = await graphql(
      index % 2 === 0 ? first : second,
      `
        mutation ($input: SendAdminMessageInput!) {
          sendAdminMessage(input: $input) {
            id
          }
        }
      `,
      {
        input: {
          messageType: 'IN_APP',
          body: 'A live send.',
          from: { id: '394051' },
          to: { type: 'USER', id: contact },
        },
      },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data.sendAdminMessage.id).toEqual(expect.any(String));
  }
  // Every live send was answered while the batch still had recipients to send to.
  const meanwhile = await graphql(second, BATCH, { id });
  expect(meanwhile.data.messageBatch.counts.pending).toBeGreaterThan(0);

  const done = await eventually(
    () => graphql(second, BATCH, { id }),
    (answer) => answer.data?.messageBatch?.state === 'COMPLETED',
  );
  expect(done.data.messageBatch.counts).toEqual({
    total: RECIPIENTS,
    sent: RECIPIENTS,
    failed: 0,
    unknown: 0,
    pending: 0,
  });

  // Per window of Intercom's: the batch within its share, everything within the limit.
  const windows = windowsOf(emulator.control.requests());
  let batchWindows = 0;
  for (const window of windows) {
    const batch = window.filter(
      (received) => received.route === 'POST /messages' && isBatchSend.has(recipientOf(received)),
    ).length;
    expect(batch).toBeLessThanOrEqual(BULK_PER_WINDOW);
    expect(window.length).toBeLessThanOrEqual(LIMIT);
    if (batch > 0) batchWindows += 1;
  }
  // The batch took at least as many windows as its share allows for it.
  expect(batchWindows).toBeGreaterThanOrEqual(Math.ceil(RECIPIENTS / BULK_PER_WINDOW));
  // Both replicas sent part of the batch.
  for (const gateway of gateways) {
    expect(await settledBy(gateway)).toBeGreaterThan(0);
  }
  // Each recipient got one message, each live send one.
  const messages = emulator.control.requests('POST /messages').map(recipientOf);
  expect(messages.sort()).toEqual([...batchContacts, ...liveContacts].sort());
}, 120_000);
