import { randomBytes } from 'node:crypto';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { request } from 'undici';
import {
  ConversationForMessageDocument,
  SendAdminMessageDocument,
  SentMessageDocument,
  SentMessagesDocument,
} from '../../generated/graphql/graphql';
import { SEED } from '../../src/emulator';
import { ledgerMigrations } from '../../src/store/ledger/migrations';
import { openLedger } from '../../src/store/ledger/open-ledger';
import { loadConfig } from '../../src/config';
import { startStack, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/until';
import { databaseUrl, sql } from '../helpers/postgres';

/**
 * The ledger on a PostgreSQL server (DATABASE_URL), in a schema of its own that the suite drops
 * at the end: the same migrations and behaviour as the embedded engine.
 */
const schema = `ledger_test_${randomBytes(4).toString('hex')}`;
const env = { DATABASE_URL: databaseUrl, LEDGER_SCHEMA: schema };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ ledger: true, env });
});
afterAll(async () => {
  await stack?.close();
  await sql(`drop schema if exists ${schema} cascade`);
  // The bulk job engine's schema beside it (pg-boss).
  await sql(`drop schema if exists ${schema}_pgboss cascade`);
});

const toJulia = {
  messageType: 'IN_APP' as const,
  body: 'Recorded in PostgreSQL',
  from: { id: SEED.admins.wash.id },
  to: { type: 'USER' as const, id: SEED.users.thisLand.id },
};

/** /readyz once its ledger is `state` and no write waits for later. */
const readyLedger = (on: Stack, state: 'ok' | 'failing') =>
  eventually(
    async () => (await request(`${on.gateway.url}/readyz`)).body.json() as Promise<any>,
    (body) => body.ledger === state && body.ledgerBacklog === undefined,
  );

it('migrates its own schema at start-up, and again without change', async () => {
  const tables = await sql(
    `select table_name from information_schema.tables where table_schema = '${schema}' order by 1`,
  );
  expect(tables.map((row) => row.table_name)).toEqual([
    'bulk_replicas',
    'idempotency_keys',
    'kysely_migration',
    'kysely_migration_lock',
    'ledger_entries',
    'message_batch_recipients',
    'message_batches',
    'webhook_deliveries',
  ]);
  const again = await openLedger(loadConfig({ ...env, LEDGER_SCHEMA: schema }).ledger, {
    intercom: loadConfig({}).intercom,
  });
  await again.close();
  const migrations = await sql(`select name from ${schema}.kysely_migration`);
  expect(migrations.map((row) => row.name)).toEqual([
    '0001_ledger_entries',
    '0002_idempotency_keys',
    '0003_ledger_indexes_for_pages',
    '0004_ledger_indexes_for_readers',
    '0005_webhook_deliveries',
    '0006_message_batches',
    '0007_bulk_replicas',
    '0008_ledger_lean_indexes',
  ]);
});

it('upgrades a ledger of the version before its lean indexes: entries kept and found, four indexes partial', async () => {
  const older = `${schema}_older`;
  const pool = new Pool({ connectionString: databaseUrl, options: `-c search_path=${older}` });
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql(`create schema ${older}`);
    const migrator = new Migrator({
      db,
      provider: ledgerMigrations,
      migrationTableSchema: older,
    });
    expect((await migrator.migrateTo('0007_bulk_replicas')).error).toBeUndefined();
    await sql(`insert into ${older}.ledger_entries (id, kind, client_id, from_type, from_id,
        to_type, to_id, resolved_contact_id, message_type, body, state, intercom_message_id,
        error_code)
      values (gen_random_uuid(), 'ADMIN_MESSAGE', 'key:a', 'admin', '1', 'user', 'c-1', 'c-1',
        'IN_APP', 'Sent before', 'SENT', 'm-before', null),
      (gen_random_uuid(), 'REPLY', 'key:a', 'admin', '1', 'user', 'c-1', null,
        'IN_APP', 'Failed before', 'FAILED', null, 'UPSTREAM_REJECTED')`);
    const upgraded = await openLedger(loadConfig({ ...env, LEDGER_SCHEMA: older }).ledger, {
      intercom: loadConfig({}).intercom,
    });
    try {
      const everyone = { all: true } as const;
      expect((await upgraded.ledger.find('m-before', everyone))?.body).toBe('Sent before');
      const failed = await upgraded.ledger.page(everyone, { kind: 'REPLY' }, 10, null);
      expect(failed.entries.map((entry) => entry.state)).toEqual(['FAILED']);
      const sent = await upgraded.ledger.page(everyone, { state: 'SENT' }, 10, null);
      expect(sent.entries.map((entry) => entry.intercomMessageId)).toEqual(['m-before']);
    } finally {
      await upgraded.close();
    }
    const partial = await sql(
      `select indexname from pg_indexes where schemaname = '${older}'
        and indexdef like '%WHERE%' and indexname in ('ledger_entries_intercom_message_id',
        'ledger_entries_resolved_contact_id', 'ledger_entries_state', 'ledger_entries_kind')`,
    );
    expect(partial).toHaveLength(4);
  } finally {
    await db.destroy();
    await sql(`drop schema if exists ${older} cascade`);
    await sql(`drop schema if exists ${older}_pgboss cascade`);
  }
});

it('records a send and answers it by Intercom’s id, newest first in the list', async () => {
  const sent = await stack.execute(SendAdminMessageDocument, { input: toJulia });
  const id = sent.body.data?.sendAdminMessage.id as string;
  const found = await stack.execute(SentMessageDocument, { id });
  expect(found.body.data?.message).toMatchObject({ state: 'SENT', body: 'Recorded in PostgreSQL' });
  const rows = await sql(`select state, intercom_message_id from ${schema}.ledger_entries`);
  expect(rows).toContainEqual({ state: 'SENT', intercom_message_id: id });
  const listed = await stack.execute(SentMessagesDocument, { first: 1 });
  expect(listed.body.data?.messages.edges[0]?.node.intercomMessageId).toBe(id);
});

it('LEDGER_OUTCOME_BEFORE_ANSWER=true: the answer waits for the outcome, which another connection reads at once', async () => {
  const strict = await startStack({
    ledger: true,
    env: { ...env, LEDGER_OUTCOME_BEFORE_ANSWER: 'true' },
    upstreamUrl: stack.emulator.url,
    upstreamToken: stack.emulator.accessToken,
  });
  try {
    for (let index = 0; index < 5; index += 1) {
      const sent = await strict.execute(SendAdminMessageDocument, {
        input: { ...toJulia, body: `Outcome before answer ${index}` },
      });
      const id = sent.body.data?.sendAdminMessage.id as string;
      // Straight from the server, not through the gateway (whose own reads wait for its writes).
      const rows = await sql(
        `select state from ${schema}.ledger_entries where intercom_message_id = '${id}'`,
      );
      expect(rows).toEqual([{ state: 'SENT' }]);
    }
  } finally {
    await strict.close();
  }
});

it('shares what a search found with another replica: it fetches the conversation and searches nothing', async () => {
  const sent = await stack.execute(SendAdminMessageDocument, { input: toJulia });
  const messageId = sent.body.data?.sendAdminMessage.id as string;
  stack.emulator.webhooks.setUrl(undefined);
  const conversation = stack.emulator.control.playReply(messageId, 'Found me?');
  const first = await stack.execute(ConversationForMessageDocument, {
    messageId,
    contact: toJulia.to,
  });
  expect(first.body.data?.conversationForMessage?.id).toBe(conversation.id);
  expect(stack.upstream('POST /conversations/search').length).toBeGreaterThan(0);

  // Another replica (a fresh process: its own empty caches) on the same database and Intercom.
  const replica = await startStack({
    ledger: true,
    env,
    webhooks: false,
    upstreamUrl: stack.emulator.url,
    upstreamToken: stack.emulator.accessToken,
  });
  try {
    stack.emulator.control.clearRequests();
    const second = await replica.execute(ConversationForMessageDocument, { messageId });
    expect(second.body.data?.conversationForMessage?.id).toBe(conversation.id);
    expect(stack.emulator.control.requests().map((call) => call.route)).toEqual([
      'GET /conversations/:id',
    ]);
  } finally {
    await replica.close();
  }
});

it('turns an entry whose sender went away into UNKNOWN once its lease is over', async () => {
  const { ledger, close } = await openLedger(loadConfig(env).ledger, {
    intercom: loadConfig({}).intercom,
  });
  try {
    const ticket = await ledger.begin({
      kind: 'ADMIN_MESSAGE',
      clientId: 'crashed',
      idempotencyKey: null,
      from: { type: 'admin', id: SEED.admins.wash.id, userId: null, email: null },
      to: null,
      messageType: 'IN_APP',
      subject: null,
      body: 'never settled',
      conversationId: null,
    });
    expect(await ledger.expireAbandoned(new Date())).toBe(0);
    // The lease is the Intercom timeout and a margin: a minute later it is surely over.
    expect(await ledger.expireAbandoned(new Date(Date.now() + 60 * 60_000))).toBe(1);
    const entry = await ledger.find(ticket.id, { all: true });
    expect(entry).toMatchObject({ state: 'UNKNOWN', errorCode: 'ABANDONED' });
  } finally {
    await close();
  }
});

it('keeps idempotency keys across a restart of the gateway: a retry after it sends nothing', async () => {
  const input = { ...toJulia, idempotencyKey: 'survives-restart' };
  const first = await stack.execute(SendAdminMessageDocument, { input });
  const id = first.body.data?.sendAdminMessage.id;
  // A new gateway (and a new emulator, so any send would show) on the same database.
  const restarted = await startStack({ ledger: true, env });
  try {
    const retried = await restarted.execute(SendAdminMessageDocument, { input });
    expect(retried.body.data?.sendAdminMessage.id).toBe(id);
    expect(restarted.upstream('POST /messages')).toHaveLength(0);
    const changed = await restarted.execute(SendAdminMessageDocument, {
      input: { ...input, body: 'Something else' },
    });
    expect(changed.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  } finally {
    await restarted.close();
  }
});

it('while the ledger cannot be written, sends go on, counted, /readyz says so, and they are recorded once it answers', async () => {
  await sql(`alter table ${schema}.ledger_entries rename to ledger_entries_away`);
  let unrecordedId: string;
  try {
    const sent = await stack.execute(SendAdminMessageDocument, {
      input: { ...toJulia, body: 'Recorded late' },
    });
    expect(sent.body.errors).toBeUndefined();
    unrecordedId = sent.body.data?.sendAdminMessage.id as string;
    const ready = await request(`${stack.gateway.url}/readyz`);
    expect(ready.statusCode).toBe(200);
    expect(await ready.body.json()).toMatchObject({
      status: 'degraded',
      ledger: 'failing',
      ledgerBacklog: 1,
    });
    const metrics = await stack.gateway.metrics.registry.getSingleMetricAsString(
      'gateway_ledger_failures_total',
    );
    expect(metrics).toContain('gateway_ledger_failures_total{step="begin"} 1');
  } finally {
    await sql(`alter table ${schema}.ledger_entries_away rename to ledger_entries`);
  }
  await readyLedger(stack, 'ok');
  await stack.execute(SendAdminMessageDocument, { input: toJulia });
  const late = await eventually(
    () => stack.execute(SentMessageDocument, { id: unrecordedId }),
    (answer) => answer.body.data?.message != null,
  );
  expect(late.body.data?.message).toMatchObject({ state: 'SENT', body: 'Recorded late' });
  const ready = await request(`${stack.gateway.url}/readyz`);
  expect(await ready.body.json()).toEqual({
    status: 'ready',
    store: expect.any(String),
    intercom: expect.any(String),
    ledger: 'ok',
  });
});

it('LEDGER_REQUIRED=true: a send the ledger cannot record is refused, and nothing reaches Intercom', async () => {
  const strict = await startStack({ ledger: true, env: { ...env, LEDGER_REQUIRED: 'true' } });
  await sql(`alter table ${schema}.ledger_entries rename to ledger_entries_away`);
  try {
    const refused = await strict.execute(SendAdminMessageDocument, { input: toJulia });
    expect(refused.body.errors?.[0]).toMatchObject({
      message:
        'Sends are paused: the gateway cannot record them in its ledger (LEDGER_REQUIRED=true). Nothing was sent; try again shortly.',
      extensions: { code: 'LEDGER_UNAVAILABLE', mayHaveBeenSent: false },
    });
    expect(strict.upstream('POST /messages')).toHaveLength(0);
    const ready = await request(`${strict.gateway.url}/readyz`);
    expect(ready.statusCode).toBe(200);
  } finally {
    await sql(`alter table ${schema}.ledger_entries_away rename to ledger_entries`);
  }
  // The failed write opened the circuit: the health probe closes it within seconds.
  await readyLedger(strict, 'ok');
  try {
    const sent = await strict.execute(SendAdminMessageDocument, { input: toJulia });
    expect(sent.body.errors).toBeUndefined();
  } finally {
    await strict.close();
  }
});

it('refuses to start when the database cannot be reached, in one line', async () => {
  await expect(
    openLedger(
      loadConfig({
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
        DATABASE_TIMEOUT_MS: '500',
      }).ledger,
      { intercom: loadConfig({}).intercom },
    ),
  ).rejects.toThrow(/ECONNREFUSED|connect/);
});
