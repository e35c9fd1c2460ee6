import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { DatabaseTimeoutError } from './database-errors';
import { deadlinePool } from './deadline-pool';
import { preparingStatements, type PGliteQueries } from './pglite-prepared';
import { FolderLock } from './folder-lock';
import { LedgerHealth } from './ledger-health';
import { ledgerMigrations } from './migrations';
import type { LedgerDatabase } from './schema';

export interface LedgerDatabaseOptions {
  /** A PostgreSQL server; unset: the embedded engine (PGlite). */
  readonly databaseUrl: string | undefined;
  /** PGlite's data folder, or `memory://` to keep nothing. */
  readonly dataDir: string;
  /** The schema the ledger's tables live in (created when missing). */
  readonly schema: string;
  /**
   * The client-side deadline of every database step (connect, acquire, query, commit) and of
   * the health probe; also the server-side statement_timeout.
   */
  readonly timeoutMs: number;
  readonly maxConnections: number;
  /**
   * Whether a ledger write waits for the server's disk (PostgreSQL's synchronous_commit): off
   * answers sooner, and a crash of the database server (not of the gateway) may lose the last
   * fraction of a second of entries.
   */
  readonly synchronousCommit: boolean;
}

/** The ledger's database, open: queries through `db`, its health, and how to close it. */
export interface OpenLedgerDatabase {
  readonly db: Kysely<LedgerDatabase>;
  readonly health: LedgerHealth;
  /**
   * The embedded engine only: SQL text (several statements when there are no values) run on
   * its one connection in turn with the ledger's queries, for a library that brings its own SQL
   * (the bulk sends' job engine).
   */
  readonly embeddedSql?: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;
  close(): Promise<void>;
}

/** A schema name that needs no quoting: checked at start-up, so SQL never carries another. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** How often the health probe runs; /readyz follows it within this (plus the deadline). */
const PROBE_INTERVAL_MS = 2000;

/** Heap pages of the embedded ledger that one probe reads back (8 KiB each). */
const SCRUB_BLOCKS = 64;

/** A folder that holds no ledger the embedded engine can open: one line, and the way out. */
export class LedgerFolderError extends Error {
  override readonly name = 'LedgerFolderError';

  constructor(dir: string, cause: unknown) {
    const what = cause instanceof Error && cause.message ? cause.message.slice(0, 200) : 'unknown';
    super(
      `The embedded ledger in ${dir} does not open (${what}). Move the folder aside (the gateway then starts a fresh ledger there), ` +
        'or set LEDGER_DATA_DIR to another folder.',
    );
  }
}

/**
 * Opens the ledger's database (PostgreSQL through `pg`, or PGlite in a folder or in memory),
 * brings its schema up to date with the migrations, and starts probing its health.
 */
export async function openLedgerDatabase(
  options: LedgerDatabaseOptions,
): Promise<OpenLedgerDatabase> {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error('The ledger schema name is not valid.');
  // Made first: the pool reports its failures to it; it probes once the database is open.
  let probe: () => Promise<void> = async () => undefined;
  const health = new LedgerHealth(() => probe(), PROBE_INTERVAL_MS);
  let opened: {
    db: Kysely<LedgerDatabase>;
    probe: () => Promise<void>;
    release(): void | Promise<void>;
    embeddedSql?: OpenLedgerDatabase['embeddedSql'];
  };
  if (options.databaseUrl !== undefined) {
    const poolConfig = {
      connectionString: options.databaseUrl,
      max: options.maxConnections,
      statement_timeout: options.timeoutMs,
      options: `-c search_path=${options.schema} -c synchronous_commit=${options.synchronousCommit ? 'on' : 'off'}`,
    };
    const pool = deadlinePool(
      poolConfig,
      options.timeoutMs,
      // A lost connection or a missed deadline: the circuit opens until a probe passes.
      (error) => health.reportFailure(connectionFailure(error)),
    );
    const db = new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }) });
    // The probe has a connection of its own, made for each probe: with every pooled one busy,
    // it would wait for the pool and judge the load, not the database; and a connection kept
    // open would pass while new ones (which the pool's steps need) are refused. It costs each
    // replica one short-lived connection every PROBE_INTERVAL_MS.
    const probePool = deadlinePool({ ...poolConfig, max: 1 }, options.timeoutMs, () => undefined);
    opened = {
      db,
      probe: async () => {
        const client = await probePool.connect();
        try {
          // The ledger's table, not only the server: a schema or table the writes cannot reach
          // (dropped, renamed, a search_path gone wrong) keeps the ledger failing, instead of
          // each probe calling it working until the next write fails.
          await client.query('select 1 from ledger_entries limit 0', []);
        } finally {
          client.release(true);
        }
      },
      release: () => probePool.end(),
    };
  } else {
    opened = await openEmbedded(options.dataDir);
  }
  probe = opened.probe;
  const gated = opened.db.withPlugin(health.gate());
  const close = async () => {
    await health.stop();
    await opened.db.destroy();
    await opened.release();
  };
  try {
    await sql`create schema if not exists ${sql.id(options.schema)}`.execute(opened.db);
    if (options.databaseUrl === undefined) {
      await sql`set search_path to ${sql.id(options.schema)}`.execute(opened.db);
    }
    const migrator = new Migrator({
      db: opened.db,
      provider: ledgerMigrations,
      migrationTableSchema: options.schema,
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  } catch (error) {
    await close();
    throw error;
  }
  health.start();
  return { db: gated, health, close, embeddedSql: opened.embeddedSql };
}

/** Why a connection failed, in words that carry no values. */
function connectionFailure(error: Error): string {
  if (error instanceof DatabaseTimeoutError) return error.message;
  const code = (error as { code?: unknown }).code;
  return `the connection failed${typeof code === 'string' && /^[0-9A-Z_]{1,32}$/.test(code) ? ` (${code})` : ''}`;
}

/** PGlite in its folder (locked to this process) or in memory, with its probe. */
async function openEmbedded(dataDir: string): Promise<{
  db: Kysely<LedgerDatabase>;
  probe: () => Promise<void>;
  release(): void;
  embeddedSql: NonNullable<OpenLedgerDatabase['embeddedSql']>;
}> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const lock = inMemory ? undefined : await FolderLock.acquire(dataDir);
  let engine: PGlite;
  let queries: PGliteQueries;
  try {
    engine = new PGlite(dataDir);
    await engine.waitReady;
    queries = await preparingStatements(engine);
  } catch (error) {
    lock?.release();
    throw inMemory ? error : new LedgerFolderError(dataDir, error);
  }
  // A folder that is not this process's any more (removed, replaced, taken over by another
  // process) is not touched again: no query, and no close (PGlite's close writes a checkpoint
  // into it). Two engines on one folder corrupt it.
  const guarded: PGliteQueries = {
    async query(text, params, options) {
      lock?.assertHeld();
      return queries.query(text, params, options);
    },
    async close() {
      // Looked at now: a shutdown right after a stall may come before any look found it lost.
      try {
        lock?.assertHeld({ now: true });
      } catch {
        return;
      }
      await queries.close();
    },
  };
  // The dialect asks its engine for `query` and `close` only.
  const db = new Kysely<LedgerDatabase>({ dialect: new PGliteDialect(guarded as PGlite) });
  let nextBlock = 0;
  return {
    db,
    // The folder is still this process's (not removed, not taken over), and its pages read
    // back: a range of heap pages per probe, so that damage anywhere is found in time.
    probe: async () => {
      lock?.assertHeld({ now: true });
      const { rows } = await sql<{ blocks: number }>`
        select count(*)::int as rows,
               (pg_relation_size('ledger_entries') / current_setting('block_size')::int)::int as blocks
        from ledger_entries
        where ctid >= ${`(${nextBlock},0)`}::tid and ctid < ${`(${nextBlock + SCRUB_BLOCKS},0)`}::tid`.execute(
        db,
      );
      const blocks = rows[0]?.blocks ?? 0;
      nextBlock = nextBlock + SCRUB_BLOCKS >= blocks ? 0 : nextBlock + SCRUB_BLOCKS;
    },
    release: () => lock?.release(),
    // Holding Kysely's one connection: never inside a ledger transaction, always in turn.
    embeddedSql: (text, values) =>
      db.connection().execute(async () => {
        lock?.assertHeld();
        if (values && values.length > 0) return { rows: (await engine.query(text, values)).rows };
        return { rows: (await engine.exec(text)).at(-1)?.rows ?? [] };
      }),
  };
}
