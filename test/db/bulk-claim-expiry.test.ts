import { randomBytes } from 'node:crypto';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import {
  killGatewayProcesses,
  startGatewayProcess,
  type GatewayProcess,
} from '../helpers/gateway-process';
import { databaseUrl, sql } from '../helpers/postgres';
import { eventually } from '../helpers/until';

/**
 * A batch left longer than IDEMPOTENCY_TTL_SECONDS (here a process killed mid-batch, and no
 * replica taking its jobs until its recipients' claims are gone): the replica that goes on reads
 * each recipient's ledger entry before sending, so a recipient messaged, or perhaps messaged,
 * by the dead process is never messaged again.
 */
const schema = `bulk_claims_${randomBytes(4).toString('hex')}`;
const RECIPIENTS = 80;

let emulator: RunningEmulator;

const replica = (): Promise<GatewayProcess> =>
  startGatewayProcess({
    LOG_LEVEL: 'warn',
    GATEWAY_AUTH: 'none',
    GATEWAY_RATE_LIMIT: '0',
    DATABASE_URL: databaseUrl,
    LEDGER_SCHEMA: schema,
    INTERCOM_BASE_URL: emulator.url,
    INTERCOM_ACCESS_TOKEN: emulator.accessToken,
    INTERCOM_TIMEOUT_MS: '2000',
    IDEMPOTENCY_LEASE_MS: '1000',
    // Claims last a second: any pause of the batch outlives them.
    IDEMPOTENCY_TTL_SECONDS: '1',
  });

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimit: 0 });
});
afterAll(async () => {
  killGatewayProcesses();
  await emulator?.close();
  await sql(`drop schema if exists ${schema} cascade`);
  await sql(`drop schema if exists ${schema}_pgboss cascade`);
});

it('claims gone with the batch unfinished: nobody the dead process messaged is messaged again', async () => {
  const ids = Array.from(
    { length: RECIPIENTS },
    (_, index) => emulator.control.createContact({ email: `claims${index}@example.com` }).id,
  );
  // Slow answers: the process dies with sends that reached Intercom still unanswered.
  emulator.control.addFault({ route: 'POST /messages', latencyMs: 100, times: 100_000 });
  const doomed = await replica();
  const created = await doomed.graphql(
    `mutation ($input: BulkAdminMessageInput!) { sendBulkAdminMessage(input: $input) { id } }`,
    {
      input: {
        messageType: 'IN_APP',
        body: 'Your order has shipped.',
        from: { id: '394051' },
        recipients: ids.map((id) => ({ type: 'USER', id })),
      },
    },
  );
  expect(created.body.errors).toBeUndefined();
  const id = created.body.data.sendBulkAdminMessage.id as string;
  await eventually(
    async () => emulator.control.requests('POST /messages').length,
    (received) => received >= 12,
  );
  doomed.child.kill('SIGKILL');
  await doomed.exited();
  const receivedAtKill = emulator.control.requests('POST /messages').length;
  expect(receivedAtKill).toBeLessThan(RECIPIENTS);

  // Every claim the dead process made is gone before another replica goes on with the batch.
  await eventually(
    () =>
      sql(`select count(*)::int as live from ${schema}.idempotency_keys where expires_at > now()`),
    (rows) => rows[0]?.live === 0,
  );
  const survivor = await replica();
  const done = await eventually(
    () =>
      survivor.graphql(
        `query ($id: ID!) { messageBatch(id: $id) { state counts { total sent failed unknown pending } } }`,
        { id },
      ),
    (answer) => answer.body.data?.messageBatch?.state === 'COMPLETED',
  );
  const counts = done.body.data.messageBatch.counts;
  expect(counts.pending).toBe(0);
  expect(counts.failed).toBe(0);
  expect(counts.sent + counts.unknown).toBe(RECIPIENTS);

  const received = new Map<string, number>();
  for (const request of emulator.control.requests('POST /messages')) {
    const to = (request.body as { to?: { id?: string } }).to?.id ?? '';
    received.set(to, (received.get(to) ?? 0) + 1);
  }
  const rows = (await sql(
    `select to_id, state from ${schema}.message_batch_recipients where batch_id = '${id}'`,
  )) as Array<{ to_id: string; state: string }>;
  for (const row of rows) {
    if (row.state === 'SENT') expect(received.get(row.to_id)).toBe(1);
    else expect(received.get(row.to_id) ?? 0).toBeLessThanOrEqual(1);
  }
  // The survivor sent what was left.
  expect(emulator.control.requests('POST /messages').length).toBeGreaterThan(receivedAtKill);
  await survivor.stop();
}, 120_000);
