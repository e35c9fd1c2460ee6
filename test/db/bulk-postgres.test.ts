import { randomBytes } from 'node:crypto';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { apiKeyEnv, newApiKey } from '../helpers/auth';
import { metricValue } from '../helpers/metrics';
import { databaseUrl, sql } from '../helpers/postgres';
import { startStack, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/until';

/**
 * Bulk sends on a PostgreSQL server (DATABASE_URL): two gateway replicas on one database (a
 * schema of their own, and pg-boss's beside it) and one Intercom share the work of one batch,
 * and every recipient is messaged exactly once.
 */
const schema = `bulk_test_${randomBytes(4).toString('hex')}`;
const sender = newApiKey('bulk-sender', ['messages:bulk']);
const env = {
  DATABASE_URL: databaseUrl,
  LEDGER_SCHEMA: schema,
  ...apiKeyEnv([sender]),
  // The test asks for the batch's state as often as it can.
  GATEWAY_RATE_LIMIT: '0',
};
const as = { authorization: `Bearer ${sender.key}` };

const doc = (text: string) => parse(text) as TypedDocumentNode<any, any>;
const COUNTS = 'id state counts { total sent failed unknown pending }';
const SEND = doc(`mutation ($input: BulkAdminMessageInput!) {
  sendBulkAdminMessage(input: $input) { ${COUNTS} } }`);
const GET = doc(`query ($id: ID!) { messageBatch(id: $id) { ${COUNTS} } }`);

/** Thirty jobs of 10: more than one replica's 4 workers can hold at once. */
const RECIPIENTS = 300;

let first: Stack;
let second: Stack;
beforeAll(async () => {
  first = await startStack({ ledger: true, env });
  // Another replica on the same database, sending to the same Intercom (the first's emulator).
  second = await startStack({
    ledger: true,
    env,
    webhooks: false,
    upstreamUrl: first.emulator.url,
    upstreamToken: first.emulator.accessToken,
  });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
  await sql(`drop schema if exists ${schema} cascade`);
  await sql(`drop schema if exists ${schema}_pgboss cascade`);
});

/** Recipients settled SENT by one replica, from its own metrics. */
const sentBy = (stack: Stack) =>
  metricValue(stack, 'gateway_bulk_recipients_total{outcome="SENT"}');

it('two replicas share one batch: it completes, each recipient is messaged and recorded once', async () => {
  const ids = Array.from(
    { length: RECIPIENTS },
    (_, index) => first.emulator.control.createContact({ email: `pg${index}@example.com` }).id,
  );
  // Each send takes a while, so a replica's workers are busy while slices are still queued: one
  // replica alone would take about 7 s, longer than the 2 s in which idle workers ask for jobs.
  first.emulator.control.addFault({ route: 'POST /messages', latencyMs: 100, times: 10_000 });
  const created = await first.execute(
    SEND,
    {
      input: {
        messageType: 'IN_APP',
        body: 'Shared by two replicas.',
        from: { id: '394051' },
        recipients: ids.map((id) => ({ type: 'USER', id })),
      },
    },
    as,
  );
  expect(created.body.errors).toBeUndefined();
  const id = created.body.data.sendBulkAdminMessage.id as string;

  // The other replica reads the batch from the shared database.
  const done = await eventually(
    () => second.execute(GET, { id }, as),
    (answer) => ['COMPLETED', 'CANCELLED'].includes(answer.body.data?.messageBatch?.state),
  );
  expect(done.body.data.messageBatch).toEqual({
    id,
    state: 'COMPLETED',
    counts: { total: RECIPIENTS, sent: RECIPIENTS, failed: 0, unknown: 0, pending: 0 },
  });

  // Intercom received exactly one message per recipient, and nothing else.
  const received = first.upstream('POST /messages');
  const perRecipient = new Map<string, number>();
  for (const request of received) {
    const to = (request.body as { to?: { id?: string } }).to?.id ?? '';
    perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
  }
  expect(received).toHaveLength(RECIPIENTS);
  for (const contact of ids) expect(perRecipient.get(contact)).toBe(1);
  // The second replica's own emulator was never used: both sent to the shared one.
  expect(second.upstream('POST /messages')).toHaveLength(0);

  // The ledger holds one SENT entry per recipient. An outcome is written right behind its
  // answer (LEDGER_OUTCOME_BEFORE_ANSWER=false): the last may land a moment after the batch ends.
  const entries = await eventually(
    () =>
      sql(
        `select to_id, state, intercom_message_id from ${schema}.ledger_entries where to_id in (${ids
          .map((contact) => `'${contact}'`)
          .join(',')})`,
      ),
    (rows) => rows.length >= RECIPIENTS && rows.every((row) => row.state !== 'PENDING'),
  );
  expect(entries).toHaveLength(RECIPIENTS);
  expect(new Set(entries.map((row) => row.to_id))).toEqual(new Set(ids));
  for (const row of entries) {
    expect(row).toEqual({
      to_id: expect.any(String),
      state: 'SENT',
      intercom_message_id: expect.any(String),
    });
  }

  // Both replicas sent some, and together all of them.
  const byFirst = await sentBy(first);
  const bySecond = await sentBy(second);
  expect(byFirst).toBeGreaterThan(0);
  expect(bySecond).toBeGreaterThan(0);
  expect(byFirst + bySecond).toBe(RECIPIENTS);
});

it("a recipient whose claim the shared database cannot take waits for it: no replica's own store stands in", async () => {
  const contact = first.emulator.control.createContact({ email: 'claims-away@example.com' }).id;
  const toContact = () =>
    first
      .upstream('POST /messages')
      .filter((request) => (request.body as { to?: { id?: string } }).to?.id === contact);
  await sql(`alter table ${schema}.idempotency_keys rename to idempotency_keys_away`);
  let id: string;
  try {
    const created = await first.execute(
      SEND,
      {
        input: {
          messageType: 'IN_APP',
          body: 'Claimed in the shared database, or not sent yet.',
          from: { id: '394051' },
          recipients: [{ type: 'USER', id: contact }],
        },
      },
      as,
    );
    expect(created.body.errors).toBeUndefined();
    id = created.body.data.sendBulkAdminMessage.id as string;
    // The slice ran: its job is to be tried again (or, before, it was done: sent on a claim
    // in the replica's own store, which another replica retaking the job would not see).
    const [job] = await eventually(
      () =>
        sql(
          `select state from ${schema}_pgboss.job where data->>'batchId' = '${id}' and state <> 'active'`,
        ),
      (rows) => rows.length > 0,
    );
    expect(job).toEqual({ state: 'retry' });
    expect(toContact()).toEqual([]);
  } finally {
    await sql(`alter table ${schema}.idempotency_keys_away rename to idempotency_keys`);
  }
  const done = await eventually(
    () => first.execute(GET, { id }, as),
    (answer) => answer.body.data?.messageBatch?.state === 'COMPLETED',
  );
  expect(done.body.data.messageBatch.counts).toEqual({
    total: 1,
    sent: 1,
    failed: 0,
    unknown: 0,
    pending: 0,
  });
  expect(toContact()).toHaveLength(1);
});

it('a resume whose jobs cannot be queued leaves the batch paused, to be resumed again', async () => {
  const ids = Array.from(
    { length: 30 },
    (_, index) => first.emulator.control.createContact({ email: `resume${index}@example.com` }).id,
  );
  first.emulator.control.addFault({ route: 'POST /messages', latencyMs: 200, times: 1000 });
  const created = await first.execute(
    SEND,
    {
      input: {
        messageType: 'IN_APP',
        body: 'Paused, then resumed.',
        from: { id: '394051' },
        recipients: ids.map((id) => ({ type: 'USER', id })),
      },
    },
    as,
  );
  const id = created.body.data.sendBulkAdminMessage.id as string;
  const PAUSE = doc(`mutation ($id: ID!) { pauseMessageBatch(id: $id) { state } }`);
  const RESUME = doc(`mutation ($id: ID!) { resumeMessageBatch(id: $id) { state } }`);
  expect((await first.execute(PAUSE, { id }, as)).body.data.pauseMessageBatch.state).toBe('PAUSED');
  // The job queue cannot take the resumed batch's jobs.
  await sql(`alter table ${schema}_pgboss.job rename to job_away`);
  try {
    const refused = await first.execute(RESUME, { id }, as);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const after = await first.execute(GET, { id }, as);
    expect(after.body.data.messageBatch.state).toBe('PAUSED');
  } finally {
    await sql(`alter table ${schema}_pgboss.job_away rename to job`);
  }
  expect((await first.execute(RESUME, { id }, as)).body.data.resumeMessageBatch.state).toBe(
    'RUNNING',
  );
  const done = await eventually(
    () => first.execute(GET, { id }, as),
    (answer) => answer.body.data?.messageBatch?.state === 'COMPLETED',
  );
  expect(done.body.data.messageBatch.counts).toMatchObject({ total: 30, sent: 30, pending: 0 });
});
