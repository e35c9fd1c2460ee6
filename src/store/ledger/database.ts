import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { Pool } from 'pg';
import { ledgerMigrations } from './migrations';
import type { LedgerDatabase } from './schema';

export interface LedgerDatabaseOptions {
  /** A PostgreSQL server; unset: the embedded engine (PGlite). */
  readonly databaseUrl: string | undefined;
  /** PGlite's data folder, or `memory://` to keep nothing. */
  readonly dataDir: string;
  /** The schema the ledger's tables live in (created when missing). */
  readonly schema: string;
  /** How long a query may take on a server before it is cancelled. */
  readonly statementTimeoutMs: number;
  readonly maxConnections: number;
  /**
   * Whether a ledger write waits for the server's disk (PostgreSQL's synchronous_commit): off
   * answers sooner, and a crash of the database server (not of the gateway) may lose the last
   * fraction of a second of entries.
   */
  readonly synchronousCommit: boolean;
}

/** A schema name that needs no quoting: checked at start-up, so SQL never carries another. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens the ledger's database (PostgreSQL through `pg`, or PGlite in a folder or in memory)
 * and brings its schema up to date with the migrations.
 */
export async function openLedgerDatabase(
  options: LedgerDatabaseOptions,
): Promise<Kysely<LedgerDatabase>> {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error('The ledger schema name is not valid.');
  let db: Kysely<LedgerDatabase>;
  if (options.databaseUrl !== undefined) {
    const pool = new Pool({
      connectionString: options.databaseUrl,
      max: options.maxConnections,
      connectionTimeoutMillis: options.statementTimeoutMs,
      statement_timeout: options.statementTimeoutMs,
      options: `-c search_path=${options.schema} -c synchronous_commit=${options.synchronousCommit ? 'on' : 'off'}`,
    });
    // An idle client whose server went away must not crash the process.
    pool.on('error', () => undefined);
    db = new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }) });
  } else {
    if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
    const engine = new PGlite(options.dataDir);
    await engine.waitReady;
    db = new Kysely<LedgerDatabase>({ dialect: new PGliteDialect(engine) });
  }
  try {
    await sql`create schema if not exists ${sql.id(options.schema)}`.execute(db);
    if (options.databaseUrl === undefined) {
      await sql`set search_path to ${sql.id(options.schema)}`.execute(db);
    }
    const migrator = new Migrator({
      db,
      provider: ledgerMigrations,
      migrationTableSchema: options.schema,
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw error;
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}
