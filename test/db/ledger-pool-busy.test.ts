import { randomBytes } from 'node:crypto';
import { sql as kysely } from 'kysely';
import { loadConfig } from '../../src/config';
import { openLedger, type LedgerStores } from '../../src/store/ledger/open-ledger';
import { databaseUrl, sql } from '../helpers/postgres';

/**
 * Every pooled connection busy with work that finishes in time: a step that finds none free
 * within DATABASE_TIMEOUT_MS fails alone. The database works, so the ledger's circuit stays
 * closed and every later step is asked of it as before.
 */
const schema = `ledger_pool_busy_${randomBytes(4).toString('hex')}`;
let stores: LedgerStores;

beforeAll(async () => {
  const env = {
    DATABASE_URL: databaseUrl,
    LEDGER_SCHEMA: schema,
    DATABASE_MAX_CONNECTIONS: '1',
    DATABASE_TIMEOUT_MS: '1000',
  };
  stores = await openLedger(loadConfig(env).ledger, { intercom: loadConfig({}).intercom });
});
afterAll(async () => {
  await stores.close();
  await sql(`drop schema if exists ${schema} cascade`);
});

it('a step that waits out its deadline for a busy pool fails alone; the probe and the circuit say the database works', async () => {
  // Nothing under way at first: the probe below is one of its own.
  expect(await stores.health.check()).toBe('ok');
  // The one connection is busy for 0.7 s, then for 0.7 s more: each query within its 1 s.
  const sleep = () => kysely`select pg_sleep(0.7)`.execute(stores.db);
  const busy = [sleep(), sleep()];
  const starved = kysely`select 1`.execute(stores.db);
  // The health probe, asked meanwhile, judges the database, not the busy pool.
  const probed = stores.health.check();

  await expect(starved).rejects.toThrow(/no connection to the ledger's database came free/);
  expect(await probed).toBe('ok');
  await expect(Promise.all(busy)).resolves.toHaveLength(2);
  expect(stores.health.state).toBe('ok');
  await expect(kysely`select 1 as one`.execute(stores.db)).resolves.toMatchObject({
    rows: [{ one: 1 }],
  });
});
