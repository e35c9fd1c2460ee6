import { randomBytes } from 'node:crypto';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import {
  killGatewayProcesses,
  startGatewayProcess,
  type GatewayProcess,
} from '../helpers/gateway-process';
import { metricValue } from '../helpers/metrics';
import { databaseUrl, sql } from '../helpers/postgres';
import { eventually, until } from '../helpers/until';
import { isolatedPrefix, redisUrlFromEnv } from '../redis/replicas';

/**
 * Bulk sends on several replicas, as processes (dist/main.js) on one PostgreSQL schema and one
 * Redis, sending to one Intercom: one replica is killed with SIGKILL in the middle of a batch.
 * The others find it silent and take its jobs back, long before the jobs' own lease is over,
 * and finish the batch; no recipient is messaged twice, and only what the dead replica had
 * under way may be UNKNOWN.
 */
const schema = `bulk_kill_${randomBytes(4).toString('hex')}`;
const redisUrl = redisUrlFromEnv();
const { prefix, cleanUp } = isolatedPrefix();

const RECIPIENTS = 300;
/** Sends a replica has under way at most: one per job worker. */
const WORKERS_PER_REPLICA = 4;

let emulator: RunningEmulator;
const replicas: GatewayProcess[] = [];

const replica = async (): Promise<GatewayProcess> => {
  const gateway = await startGatewayProcess({
    LOG_LEVEL: 'warn',
    GATEWAY_AUTH: 'none',
    GATEWAY_RATE_LIMIT: '0',
    DATABASE_URL: databaseUrl,
    LEDGER_SCHEMA: schema,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    INTERCOM_BASE_URL: emulator.url,
    INTERCOM_ACCESS_TOKEN: emulator.accessToken,
    // The jobs' lease is three Intercom deadlines, six minutes here, beyond the test's time:
    // only the replicas' heartbeats can bring the dead replica's jobs back in time.
    INTERCOM_TIMEOUT_MS: '120000',
    IDEMPOTENCY_LEASE_MS: '1000',
  });
  replicas.push(gateway);
  return gateway;
};

beforeAll(async () => {
  // 40 calls a second: the batch takes several seconds, whichever replicas send it.
  emulator = await startEmulator({ port: 0, rateLimit: 40, rateLimitWindowMs: 1000 });
  // One at a time: the first migrates the schema the others find ready.
  for (let index = 0; index < 3; index += 1) await replica();
});
afterAll(async () => {
  await Promise.all(replicas.map((gateway) => gateway.stop()));
  killGatewayProcesses();
  await emulator?.close();
  await sql(`drop schema if exists ${schema} cascade`);
  await sql(`drop schema if exists ${schema}_pgboss cascade`);
  await cleanUp(redisUrl);
});

/** Recipients one replica settled, by outcome, from its own /metrics. */
const settledBy = (gateway: GatewayProcess, outcome: string) =>
  metricValue(gateway, `gateway_bulk_recipients_total{outcome="${outcome}"}`);

/** Messages the emulator received, per recipient id. */
function receivedPerRecipient(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const received of emulator.control.requests('POST /messages')) {
    const to = (received.body as { to?: { id?: string } }).to?.id ?? '';
    counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

const BATCH = `query ($id: ID!) { messageBatch(id: $id) {
  state counts { total sent failed unknown pending } } }`;

it('a replica killed mid-batch: the others finish it, nothing lost, nobody messaged twice', async () => {
  // The replica that queues the batch starts on it at once (the others within a poll): killed,
  // it is sure to have had sends under way.
  const [victim, first, third] = replicas as [GatewayProcess, GatewayProcess, GatewayProcess];
  const ids = Array.from(
    { length: RECIPIENTS },
    (_, index) => emulator.control.createContact({ email: `kill${index}@example.com` }).id,
  );
  // Each answer takes a while: the replica killed has sends under way when it dies.
  emulator.control.addFault({ route: 'POST /messages', latencyMs: 20, times: 100_000 });
  const created = await victim.graphql(
    `mutation ($input: BulkAdminMessageInput!) { sendBulkAdminMessage(input: $input) { id } }`,
    {
      input: {
        messageType: 'IN_APP',
        body: 'Our prices change next month.',
        from: { id: '394051' },
        recipients: ids.map((id) => ({ type: 'USER', id })),
      },
    },
  );
  expect(created.body.errors).toBeUndefined();
  const id = created.body.data.sendBulkAdminMessage.id as string;

  // Killed once it has done part of the work, with the batch far from finished.
  await eventually(
    () => settledBy(victim, 'SENT'),
    (sent) => sent >= 10,
  );
  victim.child.kill('SIGKILL');
  await victim.exited();
  const receivedAtKill = emulator.control.requests('POST /messages').length;
  expect(receivedAtKill).toBeLessThan(RECIPIENTS);

  // A survivor finds the dead replica silent and queues its jobs again.
  const takenBack = 'a replica stopped: the bulk jobs it held are queued again';
  await until(() => [first, third].some((gateway) => gateway.output().includes(takenBack)));
  const done = await eventually(
    () => third.graphql(BATCH, { id }),
    (answer) => answer.body.data?.messageBatch?.state === 'COMPLETED',
  );
  const counts = done.body.data.messageBatch.counts;
  expect(counts.total).toBe(RECIPIENTS);
  expect(counts.pending).toBe(0);
  expect(counts.failed).toBe(0);
  expect(counts.sent + counts.unknown).toBe(RECIPIENTS);
  // UNKNOWN: only sends the dead replica had under way, one per worker at most.
  expect(counts.unknown).toBeLessThanOrEqual(WORKERS_PER_REPLICA);

  const rows = (await sql(
    `select to_id, state, error_code from ${schema}.message_batch_recipients
     where batch_id = '${id}' order by position`,
  )) as Array<{ to_id: string; state: string; error_code: string | null }>;
  expect(rows).toHaveLength(RECIPIENTS);
  const received = receivedPerRecipient();
  for (const row of rows) {
    if (row.state === 'SENT') {
      expect(received.get(row.to_id)).toBe(1);
    } else {
      // Its process died mid-send: it may have reached Intercom once, never twice.
      expect(row).toEqual({ to_id: row.to_id, state: 'UNKNOWN', error_code: 'ABANDONED' });
      expect(received.get(row.to_id) ?? 0).toBeLessThanOrEqual(1);
    }
  }
  // Intercom got nothing but the batch's messages.
  const contacts = new Set(ids);
  for (const contact of received.keys()) expect(contacts.has(contact)).toBe(true);

  // The survivors did the rest, each a part of it.
  const byFirst = await settledBy(first, 'SENT');
  const byThird = await settledBy(third, 'SENT');
  expect(byFirst).toBeGreaterThan(0);
  expect(byThird).toBeGreaterThan(0);
  expect(byFirst + byThird).toBeLessThan(counts.sent);
  expect(emulator.control.requests('POST /messages').length).toBeGreaterThan(receivedAtKill);
}, 180_000);
