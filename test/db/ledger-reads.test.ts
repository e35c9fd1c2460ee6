import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import { Client, Pool } from 'pg';
import {
  MessageBatchesDocument,
  SentMessageDocument,
  SentMessagesDocument,
} from '../../generated/graphql/graphql';
import { loadConfig } from '../../src/config';
import type { LedgerFilter, LedgerReader } from '../../src/ledger/ledger.model';
import { KyselyMessageLedger } from '../../src/store/ledger/kysely-ledger';
import { openLedger } from '../../src/store/ledger/open-ledger';
import type { LedgerDatabase } from '../../src/store/ledger/schema';
import { jwtEnv, signJwt } from '../helpers/auth';
import { databaseUrl, sql } from '../helpers/postgres';
import { startStack, type Stack } from '../helpers/stack';

/**
 * The ledger's reads on a PostgreSQL server holding many entries: every way a reader or a filter
 * narrows the ledger is read through an index, so a page costs its own rows, not the table.
 * Asserted on the plans PostgreSQL runs (EXPLAIN ANALYZE), never on time. 300,000 entries fill
 * in seconds and give the plans a million would (at a million, without the indexes, a person's
 * page read the whole table: 977 ms).
 */
const schema = `ledger_reads_${randomBytes(4).toString('hex')}`;
const env = { DATABASE_URL: databaseUrl, LEDGER_SCHEMA: schema };
const ROWS = 300_000;
/** One entry in this many is the target person's (149 in all, named in three ways). */
const TARGET_EVERY = 2003;

/**
 * The entries in one statement: 20 admins write to 30,000 contacts, half named by email,
 * a quarter also by user id; one in 50 a reply, one in 97 failed. The target person is named by
 * contact id, user id or email (in another case) in turn.
 */
const FILL = `
insert into ${schema}.ledger_entries (id, kind, client_id, from_type, from_id, to_type, to_id,
  to_user_id, to_email, resolved_contact_id, message_type, body, state, intercom_message_id,
  error_code, created_at, updated_at)
select gen_random_uuid(),
  case when i % 50 = 1 then 'REPLY' else 'ADMIN_MESSAGE' end,
  'key:backoffice', 'admin', (1000 + i % 20)::text, 'user',
  case when i % ${TARGET_EVERY} = 0 and i % 3 = 0 then 'target-contact' else 'contact-' || (i % 30000) end,
  case when i % ${TARGET_EVERY} = 0 and i % 3 = 1 then 'target-user'
       when i % 4 = 0 then 'user-' || (i % 30000) end,
  case when i % ${TARGET_EVERY} = 0 and i % 3 = 2 then 'Target@Example.com'
       when i % 2 = 0 then 'person' || (i % 30000) || '@example.com' end,
  case when i % ${TARGET_EVERY} = 0 then null else 'contact-' || (i % 30000) end,
  'IN_APP', 'Hello', case when i % 97 = 0 then 'FAILED' else 'SENT' end,
  'm' || i, case when i % 97 = 0 then 'admin_not_found' end,
  now() - (${ROWS} - i) * interval '1 second', now()
from generate_series(1, ${ROWS}) as i`;

const TARGET_ENTRIES = Math.floor(ROWS / TARGET_EVERY);

const person: LedgerReader = {
  all: false,
  adminIds: [],
  person: { contactId: 'target-contact', userId: 'target-user', email: 'target@example.com' },
};

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

let pool: Pool;
let ledger: KyselyMessageLedger;
/** The statements the ledger ran, as PostgreSQL got them. */
let statements: Array<{ text: string; values: readonly unknown[] }> = [];

/** What PostgreSQL did for the ledger's last statement: its plan nodes, read and counted. */
async function planOfLast(): Promise<PlanNode[]> {
  const last = statements[statements.length - 1];
  if (!last) throw new Error('the ledger ran no statement');
  const client = await pool.connect();
  try {
    const { rows } = await client.query(
      `explain (analyze, format json) ${last.text}`,
      last.values as unknown[],
    );
    const [explained] = rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>;
    return nodesOf(explained!.Plan);
  } finally {
    client.release();
  }
}

/** Index scans only, and no node that reads rows to throw them away by the thousand. */
function expectIndexed(nodes: PlanNode[]): void {
  const types = nodes.map((node) => node['Node Type']);
  expect(types).not.toContain('Seq Scan');
  expect(types.some((type) => /Index/.test(type))).toBe(true);
  const removed = nodes.reduce((sum, node) => sum + (node['Rows Removed by Filter'] ?? 0), 0);
  // A page of 100 may skip a few thousand entries of a lane PostgreSQL reads in seq order; the
  // table's size must never show here.
  expect(removed).toBeLessThan(5000);
}

beforeAll(async () => {
  const opened = await openLedger(loadConfig(env).ledger, { intercom: loadConfig({}).intercom });
  await opened.close();
  await sql(FILL);
  await sql(`analyze ${schema}.ledger_entries`);
  pool = new Pool({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  const db = new Kysely<LedgerDatabase>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') {
        statements.push({ text: event.query.sql, values: event.query.parameters });
      }
    },
  });
  ledger = new KyselyMessageLedger(db, 60_000);
}, 120_000);

afterAll(async () => {
  await ledger?.close();
  await sql(`drop schema if exists ${schema} cascade`);
  // The bulk job engine's schema beside it (pg-boss).
  await sql(`drop schema if exists ${schema}_pgboss cascade`);
});

beforeEach(() => {
  statements = [];
});

describe('a person’s pages, by contact id, user id and email', () => {
  it('reads the first page of a person through indexes, newest first', async () => {
    const page = await ledger.page(person, {}, 100, null);
    expect(page.entries).toHaveLength(100);
    expect(page.hasNextPage).toBe(true);
    const seqOrder = page.entries.map((entry) => entry.intercomMessageId);
    const expected = Array.from({ length: 100 }, (_, n) => {
      const last = TARGET_ENTRIES * TARGET_EVERY;
      return `m${last - n * TARGET_EVERY}`;
    });
    expect(seqOrder).toEqual(expected);
    expectIndexed(await planOfLast());
  });

  it('reads the next page from its cursor, through the same indexes', async () => {
    const first = await ledger.page(person, {}, 100, null);
    const next = await ledger.page(person, {}, 100, first.entries[99]!.id);
    expect(next.entries).toHaveLength(TARGET_ENTRIES - 100);
    expect(next.hasNextPage).toBe(false);
    expectIndexed(await planOfLast());
  });
});

const filters: Array<[string, LedgerReader, LedgerFilter]> = [
  ['an admin token (its admins)', { all: false, adminIds: ['1003', '1004'], person: null }, {}],
  ['everything by state', { all: true }, { state: 'FAILED' }],
  ['everything by kind', { all: true }, { kind: 'REPLY' }],
  // The states and kinds most entries have are in no index of their own: `seq`'s serves them.
  ['everything SENT', { all: true }, { state: 'SENT' }],
  ['every admin message', { all: true }, { kind: 'ADMIN_MESSAGE' }],
  ['everything by contact', { all: true }, { contactId: 'contact-4242' }],
  ['everything by admin', { all: true }, { adminId: '1007' }],
  ['a person by state', person, { state: 'SENT' }],
  ['a person by contact', person, { contactId: 'target-contact' }],
  ['everything since an hour ago', { all: true }, { createdAfter: new Date(Date.now() - 3.6e6) }],
  [
    'an admin token since an hour ago',
    { all: false, adminIds: ['1003'], person: null },
    {
      createdAfter: new Date(Date.now() - 3.6e6),
    },
  ],
  [
    'everything by contact in a time window',
    { all: true },
    { contactId: 'contact-4242', createdBefore: new Date(Date.now() - 3.6e6) },
  ],
];

it.each(filters)('reads %s through indexes', async (_name, reader, filter) => {
  const page = await ledger.page(reader, filter, 100, null);
  expect(page.entries.length).toBeGreaterThan(0);
  expectIndexed(await planOfLast());
});

it('reads replies and failed entries through their own indexes, which leave out the rest', async () => {
  const indexesRead = async (filter: LedgerFilter) => {
    await ledger.page({ all: true }, filter, 100, null);
    return (await planOfLast()).flatMap((node) => node['Index Name'] ?? []);
  };
  expect(await indexesRead({ kind: 'REPLY' })).toEqual(['ledger_entries_kind']);
  expect(await indexesRead({ state: 'FAILED' })).toEqual(['ledger_entries_state']);
});

it('finds one entry by Intercom’s id or its own, for a reader who may see it, by index', async () => {
  const byIntercomId = await ledger.find(`m${TARGET_EVERY * 3}`, person);
  expect(byIntercomId?.to?.id).toBe('target-contact');
  expectIndexed(await planOfLast());
  const byOwnId = await ledger.find(byIntercomId!.id, person);
  expect(byOwnId?.intercomMessageId).toBe(`m${TARGET_EVERY * 3}`);
  expectIndexed(await planOfLast());
  expect(await ledger.find('m2', person)).toBeNull();
  expectIndexed(await planOfLast());
});

describe('over HTTP, a person’s token', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ ledger: true, env: { ...env, ...jwtEnv() } });
  });
  afterAll(() => stack?.close());

  it('pages what was sent to them by contact id, user id or email', async () => {
    const token = await signJwt({
      sub: 'target-user',
      intercom_contact_id: 'target-contact',
      email: 'TARGET@example.com',
      scope: 'messages:read',
    });
    const headers = { authorization: `Bearer ${token}` };
    const page = await stack.execute(SentMessagesDocument, { first: 100 }, headers);
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data?.messages.edges).toHaveLength(100);
    expect(page.body.data?.messages.pageInfo.hasNextPage).toBe(true);
    const someoneElses = await stack.execute(SentMessageDocument, { id: 'm2' }, headers);
    expect(someoneElses.body).toEqual({ data: { message: null } });
  });
});

describe('the read budget, over HTTP', () => {
  /** Holds the ledger's table, so that the reads admitted stay in flight until it lets go. */
  let holder: Client;
  const hold = async (table = 'ledger_entries') => {
    holder = new Client({ connectionString: databaseUrl });
    await holder.connect();
    await holder.query('begin');
    await holder.query(`lock table ${schema}.${table} in access exclusive mode`);
  };
  const letGo = async () => {
    await holder.query('rollback');
    await holder.end();
  };
  /** Reads in flight: the statements waiting for the table. */
  const waitingReads = async (table: string) =>
    Number(
      (
        await sql(
          `select count(*) as n from pg_locks where not granted and relation = '${schema}.${table}'::regclass`,
        )
      )[0]?.n,
    );
  const waitForReads = async (count: number, table = 'ledger_entries') => {
    // Asked again as soon as PostgreSQL answers (one query at a time), never after a sleep.
    while ((await waitingReads(table)) < count);
  };
  const readerToken = async (sub: string) => ({
    authorization: `Bearer ${await signJwt({ sub, scope: 'messages:read messages:read:any' })}`,
  });

  it('lets two reads per client in flight, refuses more with LEDGER_BUSY, and keeps turns for others', async () => {
    const stack = await startStack({
      ledger: true,
      env: { ...env, ...jwtEnv(), DATABASE_TIMEOUT_MS: '60000' },
    });
    try {
      const a = await readerToken('reader-a');
      const b = await readerToken('reader-b');
      await hold();
      const admitted = [1, 2].map(() => stack.execute(SentMessagesDocument, { first: 1 }, a));
      await waitForReads(2);
      const refused = await Promise.all(
        [1, 2, 3].map(() => stack.execute(SentMessagesDocument, { first: 1 }, a)),
      );
      for (const answer of refused) {
        expect(answer.body.errors?.[0]).toMatchObject({
          message:
            'Too many reads of the sent messages at once from this client (or from everyone): try again in a moment.',
          extensions: { code: 'LEDGER_BUSY', retryAfterSeconds: 1 },
        });
      }
      const other = stack.execute(SentMessageDocument, { id: 'm1' }, b);
      await waitForReads(3);
      await letGo();
      for (const answer of await Promise.all(admitted)) {
        expect(answer.body.data?.messages.edges).toHaveLength(1);
      }
      expect((await other).body.data?.message?.intercomMessageId).toBe('m1');
    } finally {
      await stack.close();
    }
  });

  it('counts the reads of bulk batches against the same budget', async () => {
    const stack = await startStack({
      ledger: true,
      env: { ...env, ...jwtEnv(), DATABASE_TIMEOUT_MS: '60000' },
    });
    const batches = (headers: Record<string, string>) =>
      stack.execute(MessageBatchesDocument, { first: 5 }, headers);
    try {
      const a = await readerToken('reader-a');
      await hold('message_batches');
      const admitted = [1, 2].map(() => batches(a));
      await waitForReads(2, 'message_batches');
      const refused = await batches(a);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('LEDGER_BUSY');
      await letGo();
      for (const answer of await Promise.all(admitted)) {
        expect(answer.body.errors).toBeUndefined();
      }
    } finally {
      await stack.close();
    }
  });

  it('keeps reads below the pool size overall: with 2 connections, one read at a time', async () => {
    const stack = await startStack({
      ledger: true,
      env: { ...env, ...jwtEnv(), DATABASE_TIMEOUT_MS: '60000', DATABASE_MAX_CONNECTIONS: '2' },
    });
    try {
      await hold();
      const admitted = stack.execute(SentMessagesDocument, { first: 1 }, await readerToken('a'));
      await waitForReads(1);
      const refused = await stack.execute(
        SentMessageDocument,
        { id: 'm1' },
        await readerToken('b'),
      );
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('LEDGER_BUSY');
      await letGo();
      expect((await admitted).body.data?.messages.edges).toHaveLength(1);
    } finally {
      await stack.close();
    }
  });
});
