import { loadConfig } from '../../src/config';
import type { LedgerEntryStart } from '../../src/ledger/ledger.model';
import { createLogger } from '../../src/logger';
import { keepLedger, openLedger, type LedgerStores } from '../../src/store/ledger/open-ledger';
import { LogCapture } from '../helpers/log-capture';

/**
 * The embedded engine runs without autovacuum: the ledger's upkeep vacuums its tables, so the
 * space of entries past the retention is written again instead of the files growing for ever.
 */

class WatchedLog extends LogCapture {
  override _write(chunk: Buffer, encoding: string, done: () => void): void {
    super._write(chunk, encoding, done);
    this.emit('line');
  }

  /** Resolves once a line after the first `after` lines matches. */
  until(predicate: (entry: Record<string, any>) => boolean, after = 0): Promise<number> {
    return new Promise((resolve) => {
      const check = () => {
        const index = this.entries().findIndex((entry, at) => at >= after && predicate(entry));
        if (index === -1) return;
        this.off('line', check);
        resolve(index);
      };
      this.on('line', check);
      check();
    });
  }
}

const DAY_MS = 86_400_000;
const ENTRIES = 1500;

const entry: LedgerEntryStart = {
  kind: 'ADMIN_MESSAGE',
  clientId: 'key:vacuum',
  idempotencyKey: null,
  from: { type: 'admin', id: '394051', userId: null, email: null },
  to: { type: 'USER', id: '536e564f316c83104c000020', userId: null, email: null },
  messageType: 'IN_APP',
  subject: null,
  body: 'An entry old enough to be purged. '.repeat(8),
  conversationId: null,
};

let stores: LedgerStores;
/** The upkeep closes the database when it stops; until it runs, the test does. */
let close: () => Promise<void>;
beforeAll(async () => {
  const config = loadConfig({ LEDGER_DATA_DIR: 'memory://' });
  stores = await openLedger(config.ledger, config);
  close = () => stores.close();
  // A partitioned table, as the bulk sends' job engine makes: only its partitions hold rows.
  await stores.embeddedSql!(`
    create table vacuum_jobs (name text not null, state text) partition by list (name);
    create table vacuum_jobs_send partition of vacuum_jobs for values in ('send');
    insert into vacuum_jobs values ('send', 'created')`);
});
afterAll(() => close());

const tableBytes = async () => {
  const { rows } = await stores.embeddedSql!(
    "select pg_relation_size('ledger_entries')::float8 as bytes",
  );
  return (rows[0] as { bytes: number }).bytes;
};

/** Entries created 200 days ago (past the 90 days' retention), each settled as SENT. */
async function recordOld(count: number): Promise<void> {
  const createdAt = new Date(Date.now() - 200 * DAY_MS);
  for (let index = 0; index < count; index += 1) {
    await stores.ledger.record(entry, createdAt, {
      state: 'SENT',
      intercomMessageId: `vacuum-${index}`,
      conversationId: null,
      resolvedContactId: null,
    });
  }
}

it('the upkeep vacuums the entries table once the retention purged it, and its space is used again', async () => {
  const logs = new WatchedLog();
  await recordOld(ENTRIES);
  const grown = await tableBytes();
  expect(grown).toBeGreaterThan(0);

  const upkeep = keepLedger(
    stores,
    { retentionDays: 90, upkeepIntervalMs: 100 },
    createLogger('info', logs),
    { flush: async () => undefined, abandon: () => 0 },
  );
  close = () => upkeep.close();
  const vacuumOfEntries = (entry: Record<string, any>) =>
    entry.msg === 'ledger upkeep' &&
    entry.vacuumed?.table === 'public.ledger_entries' &&
    entry.vacuumed?.action === 'vacuum';
  const purged = await logs.until((line) => line.purged === ENTRIES);
  const firstVacuum = await logs.until(vacuumOfEntries, purged);
  expect(logs.entries()[firstVacuum]?.vacuumed.ms).toEqual(expect.any(Number));

  // As many entries again (the upkeep purging them as they come): written where the purged
  // ones were, not after them.
  await recordOld(ENTRIES);
  expect(await tableBytes()).toBeLessThanOrEqual(grown);
  // And vacuumed again once purged.
  await logs.until(vacuumOfEntries, logs.entries().length);

  // A table that holds no rows of its own is never vacuumed (it would be, at every run).
  const tables = logs.entries().flatMap((line) => (line.vacuumed ? [line.vacuumed.table] : []));
  expect(tables).not.toContain('public.vacuum_jobs');
});
