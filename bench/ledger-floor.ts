/**
 * The ledger's floor: the rows a send leaves in the ledger (one insert before Intercom is asked,
 * one update with its outcome), written straight through the driver (`pg`, or PGlite in this
 * process) into the gateway's own tables and indexes, batched as the gateway batches them (the
 * same WriteBatcher and settings: one statement per turn of the event loop, at most 200 rows, 4
 * in flight; an outcome, which no send waits for, waits up to 20 ms to share a statement; new
 * entries commit without waiting for the disk, outcomes wait for it).
 * No GraphQL, no Intercom, no Kysely: what the database and its driver cost alone, so that the
 * gateway's ledger can be put beside it.
 *
 * Each run is a process of its own (bench/ledger-floor-process.ts): PGlite's start and its
 * queries hold the event loop of the process they run in, and the bench must keep saying what it
 * does; its CPU is then its own.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import * as hdr from 'hdr-histogram-js';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { Pool } from 'pg';
import { ledgerMigrations } from '../src/store/ledger/migrations';
import { ENTRY_COLUMNS, LEDGER_BATCHING } from '../src/store/ledger/kysely-ledger';
import { WriteBatcher } from '../src/store/ledger/write-batcher';
import { PONIES } from './operations';
import { machineCpuMicros } from './processes';

/** The gateway's batching (KyselyMessageLedger's defaults). */
const BATCHING = LEDGER_BATCHING;

/** The columns a new entry sets, in the gateway's order. */
const COLUMNS = ENTRY_COLUMNS;

/** What the bench's sendAdminMessage leaves in a new entry. */
function pendingRow(id: string, now: Date): unknown[] {
  const lease = new Date(now.getTime() + 15_000);
  // prettier-ignore
  return [id, 'ADMIN_MESSAGE', 'bench', null, 'admin', '394051', null, null, 'USER', PONIES, null,
    null, null, 'IN_APP', null, 'Benchmark', 'PENDING', null, null, null, null, lease, now, now];
}

interface Driver {
  query(text: string, values: unknown[]): Promise<unknown>;
  close(): Promise<void>;
  /** The embedded engine (in this process): its new entries wait for the disk, as the gateway's. */
  readonly embedded: boolean;
}

/** The columns whose parameters need a cast in a SELECT (the rest are text). */
const CASTS: Partial<Record<(typeof COLUMNS)[number], string>> = {
  id: '::uuid',
  lease_expires_at: '::timestamptz',
  created_at: '::timestamptz',
  updated_at: '::timestamptz',
};

/**
 * Multi-row statements with numbered parameters, as a hand-written driver call would be. As the
 * gateway's on a server, the new entries' statement does not wait for the disk
 * (`synchronous_commit` off for its own transaction) unless `durable` (the embedded engine, as
 * the gateway's); the outcomes' always does.
 */
function insertText(rows: number, durable: boolean): string {
  const tuples = [];
  for (let row = 0; row < rows; row += 1) {
    const base = row * COLUMNS.length;
    tuples.push(
      `(${COLUMNS.map((name, column) => `$${base + column + 1}${CASTS[name] ?? ''}`).join(', ')})`,
    );
  }
  return `insert into ledger_entries (${COLUMNS.join(', ')})
    select * from (values ${tuples.join(', ')}) as v
    ${durable ? '' : "where set_config('synchronous_commit', 'off', true) is not null"}`;
}

function updateText(rows: number): string {
  const tuples = [];
  for (let row = 0; row < rows; row += 1)
    tuples.push(`($${row * 3 + 1}::uuid, $${row * 3 + 2}, $${row * 3 + 3})`);
  return `update ledger_entries as e set state = 'SENT', intercom_message_id = v.message_id,
      resolved_contact_id = v.contact_id, lease_expires_at = null, updated_at = now()
    from (values ${tuples.join(', ')}) as v(id, message_id, contact_id) where e.id = v.id`;
}

/**
 * One send's two writes through the batchers: the PENDING row, which the send waits for, then
 * its outcome, which it does not (as the gateway answers before it). `written` waits for them.
 */
function sender(driver: Driver, durable: boolean) {
  const inserts = new WriteBatcher<unknown[]>(
    (rows) => driver.query(insertText(rows.length, durable), rows.flat()).then(() => undefined),
    BATCHING,
  );
  const updates = new WriteBatcher<unknown[]>(
    (rows) => driver.query(updateText(rows.length), rows.flat()).then(() => undefined),
    BATCHING,
  );
  let sequence = 0;
  let failed: unknown;
  const send = async () => {
    const id = randomUUID();
    await inserts.add(pendingRow(id, new Date()));
    sequence += 1;
    updates
      .add([id, `floor-${process.pid}-${sequence}`, PONIES], { lazy: true })
      .catch((error: unknown) => (failed ??= error));
  };
  const written = async () => {
    await updates.written();
    if (failed !== undefined) throw failed;
  };
  return { send, written };
}

export interface LedgerFloorResult {
  /** Sends (insert + update) per second, `concurrency` at a time. */
  readonly sendsPerSecond: number;
  /** This process's CPU per send (with PGlite: the whole database's). */
  readonly cpuUsPerSend: number;
  /**
   * The whole machine's CPU per send (this process and PostgreSQL's server, and whatever else
   * runs): what the ledger's rows cost at the least, wherever they are written.
   */
  readonly machineCpuUsPerSend: number;
  /** p50 of what a send waits for (its PENDING row) at `rate` sends per second, ms. */
  readonly p50Ms: number;
}

async function measure(
  driver: Driver,
  options: { seconds: number; concurrency: number; rate: number; latencySeconds: number },
): Promise<LedgerFloorResult> {
  const { send, written } = sender(driver, driver.embedded);
  // Warm-up: the JIT, the connections, the first pages.
  await closedLoop(send, 1, options.concurrency);
  await written();
  const cpuBefore = process.cpuUsage();
  const machineBefore = machineCpuMicros();
  const started = performance.now();
  const sends = await closedLoop(send, options.seconds, options.concurrency);
  await written();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const machine = machineCpuMicros() - machineBefore;
  const p50Ms = await openLoopP50(send, options.rate, options.latencySeconds);
  return {
    sendsPerSecond: Math.round(sends / seconds),
    cpuUsPerSend: Math.round((cpu.user + cpu.system) / sends),
    machineCpuUsPerSend: Math.round(machine / sends),
    p50Ms: Math.round(p50Ms * 1000) / 1000,
  };
}

/** `concurrency` senders, each sending again as soon as its send is written; how many were. */
async function closedLoop(
  send: () => Promise<void>,
  seconds: number,
  concurrency: number,
): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let sends = 0;
  const worker = async () => {
    while (performance.now() < until) {
      await send();
      sends += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return sends;
}

/** Sends on a fixed schedule whether or not earlier ones finished; the median latency in ms. */
async function openLoopP50(
  send: () => Promise<void>,
  rate: number,
  seconds: number,
): Promise<number> {
  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const start = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let index = 0; index < rate * seconds; index += 1) {
    const ahead = start + (index * 1000) / rate - performance.now();
    if (ahead > 1) await new Promise((wake) => setTimeout(wake, ahead));
    const sent = performance.now();
    pending.push(send().then(() => histogram.recordValue((performance.now() - sent) * 1000)));
  }
  await Promise.all(pending);
  return histogram.getValueAtPercentile(50) / 1000;
}

async function migrate(db: Kysely<unknown>, schema: string): Promise<void> {
  const { error } = await new Migrator({
    db,
    provider: ledgerMigrations,
    migrationTableSchema: schema,
  }).migrateToLatest();
  if (error) throw error;
}

export interface FloorOptions {
  readonly seconds: number;
  readonly latencySeconds: number;
  /** As many senders as the gateway's load generator has connections. */
  readonly concurrency: number;
  /** The fixed rate of the latency measure, sends per second. */
  readonly rate: number;
}

/** The floor on PostgreSQL at `databaseUrl`, in a schema of its own (dropped after). */
export async function postgresFloor(
  databaseUrl: string,
  maxConnections: number,
  options: FloorOptions,
): Promise<LedgerFloorResult> {
  const schema = `bench_floor_${process.pid}`;
  const pool = new Pool({
    connectionString: databaseUrl,
    max: maxConnections,
    options: `-c search_path=${schema}`,
  });
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    await pool.query(`create schema ${schema}`);
    await migrate(db, schema);
    return await measure(
      {
        query: (text, values) => pool.query(text, values),
        close: async () => undefined,
        embedded: false,
      },
      options,
    );
  } finally {
    await pool.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await db.destroy();
  }
}

/** The floor on PGlite, in a folder of its own (removed after), inside this process. */
export async function pgliteFloor(options: FloorOptions): Promise<LedgerFloorResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  const engine = await PGlite.create(dataDir);
  try {
    await engine.exec('create schema if not exists public');
    await migrate(new Kysely<unknown>({ dialect: new PGliteDialect(engine) }), 'public');
    return await measure(
      {
        query: (text, values) => engine.query(text, values),
        close: () => engine.close(),
        embedded: true,
      },
      options,
    );
  } finally {
    await engine.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A floor measured in a process of its own: `target` is `pglite` or a PostgreSQL URL. */
export function ledgerFloor(
  target: { pglite: true } | { databaseUrl: string; maxConnections: number },
  options: FloorOptions,
): Promise<LedgerFloorResult> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(__dirname, 'ledger-floor-process.ts'),
      JSON.stringify({ target, options }),
    ],
    { cwd: resolve(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code === 0) done(JSON.parse(output) as LedgerFloorResult);
      else fail(new Error(`the ledger's floor exited with ${code}`));
    });
  });
}
