import type { OpenLedgerDatabase } from './database';

type EmbeddedSql = NonNullable<OpenLedgerDatabase['embeddedSql']>;

/** What one upkeep did to a table of the embedded database. */
export interface TableUpkeep {
  readonly table: string;
  readonly action: 'vacuum' | 'analyze';
  readonly ms: number;
}

/**
 * PostgreSQL's own defaults for autovacuum (autovacuum_vacuum_threshold and _scale_factor,
 * autovacuum_analyze_threshold and _scale_factor): a table is vacuumed once its dead rows pass
 * 50 plus a fifth of its live ones, and analysed once its changes pass 50 plus a tenth.
 */
const VACUUM_BASE = 50;
const VACUUM_SHARE = 0.2;
const ANALYZE_BASE = 50;
const ANALYZE_SHARE = 0.1;
/**
 * vacuum_freeze_table_age's default: a table whose oldest transaction id is this old is vacuumed
 * whatever its dead rows, and that vacuum freezes it. Far below the 2 billion at which
 * PostgreSQL stops taking writes.
 */
const FREEZE_AGE = 150_000_000;

interface TableStats {
  readonly schema: string;
  readonly name: string;
  readonly live: number;
  readonly dead: number;
  readonly changed: number;
  readonly xidAge: number;
}

/**
 * The embedded engine (PGlite) runs PostgreSQL in one process, without autovacuum: nothing would
 * ever vacuum its tables. A row an outcome updates, purges or expires stays as a dead row, so
 * its files grow without end even as the retention deletes, and its transaction ids are never
 * frozen: after about 2 billion transactions PostgreSQL would stop taking writes.
 *
 * So each upkeep does for the embedded database what autovacuum does for a server, on the same
 * thresholds, one table at a time (the one most past its threshold): the engine runs on the
 * gateway's own thread, and a vacuum holds it for its duration (a quarter of a second for
 * 100,000 entries, a fifth of them changed; 1.1 s for 500,000). Returns what it did, or
 * undefined if nothing was due.
 */
export async function vacuumMostDue(run: EmbeddedSql): Promise<TableUpkeep | undefined> {
  const { rows } = await run(`
    select s.schemaname as schema, s.relname as name, s.n_live_tup::float8 as live,
      s.n_dead_tup::float8 as dead, s.n_mod_since_analyze::float8 as changed,
      age(c.relfrozenxid)::float8 as "xidAge"
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    -- Tables with rows of their own: a partitioned table (the job engine's) has none, and no
    -- transaction id to freeze (its age reads as the largest there is); its partitions are here.
    where c.relkind in ('r', 'm')`);
  let due: { table: TableStats; action: TableUpkeep['action']; urgency: number } | undefined;
  for (const table of rows as TableStats[]) {
    const vacuumUrgency = Math.max(
      table.dead / (VACUUM_BASE + VACUUM_SHARE * table.live),
      // Past the freeze age, first of all.
      table.xidAge >= FREEZE_AGE ? Number.MAX_VALUE : 0,
    );
    const analyzeUrgency = table.changed / (ANALYZE_BASE + ANALYZE_SHARE * table.live);
    const [action, urgency] =
      vacuumUrgency > 1
        ? (['vacuum', vacuumUrgency] as const)
        : (['analyze', analyzeUrgency] as const);
    if (urgency > 1 && (due === undefined || urgency > due.urgency))
      due = { table, action, urgency };
  }
  if (due === undefined) return undefined;
  const target = `${quoted(due.table.schema)}.${quoted(due.table.name)}`;
  const started = performance.now();
  await run(due.action === 'vacuum' ? `vacuum (analyze) ${target}` : `analyze ${target}`);
  return {
    table: `${due.table.schema}.${due.table.name}`,
    action: due.action,
    ms: Math.round(performance.now() - started),
  };
}

/** A name from the catalog as an SQL identifier. */
const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;
