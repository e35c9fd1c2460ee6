import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { GatewayConfig } from '../config';
import type { MessageLedger } from '../ledger/ledger.model';
import type { Logger } from '../logger';
import type { LedgerStores } from '../store/ledger/open-ledger';
import { describeDatabaseError } from '../store/ledger/database-errors';
import { periodicTask } from '../store/periodic-task';
import { BatchEngine, BULK_QUEUE, type JobDatabase } from './batch-engine';
import { BatchStore } from './batch-store';
import { BulkMetrics } from './bulk-metrics';
import { BulkSends, type BulkMessages } from './bulk-sends';
import { ReplicaLiveness } from './replica-liveness';

const DAY_MS = 86_400_000;

/**
 * Each replica says it is alive every second; one silent for four beats has its jobs taken back
 * by the others (within about 5 s of its death, where the jobs' lease takes a minute). A replica
 * only slow to beat loses nothing either: its jobs are sent once all the same (the claims).
 */
const BEAT_MS = 1000;
const SILENT_MS = 4 * BEAT_MS;

/** The bulk sends of each ledger: how the resolvers reach them (bulk sends need the ledger). */
const bulkByLedger = new WeakMap<MessageLedger, BulkSends>();

export const bulkSendsOf = (ledger: MessageLedger | undefined): BulkSends | undefined =>
  ledger ? bulkByLedger.get(ledger) : undefined;

/** pg-boss's schema beside the ledger's: `pgboss`, or `<schema>_pgboss`. */
const jobSchemaFor = (schema: string): string =>
  schema === 'public' ? 'pgboss' : `${schema.slice(0, 55)}_pgboss`;

export interface RunningBulkSends {
  readonly bulk: BulkSends;
  /** Stops taking jobs; those under way get `graceMs`, then are left to their lease. */
  close(graceMs: number): Promise<void>;
}

/**
 * Bulk sends on the ledger's database: the batches' tables (migrated with the ledger), pg-boss
 * beside them (its own pool on a server; the embedded engine's one connection on PGlite), and
 * this process's workers. On the embedded engine one process owns the folder, so what the
 * previous process left under way is queued again at once.
 */
export async function startBulkSends(
  config: Pick<GatewayConfig, 'bulk' | 'ledger' | 'intercom' | 'idempotency'>,
  stores: LedgerStores,
  messages: BulkMessages,
  registry: Registry,
  logger: Logger,
): Promise<RunningBulkSends> {
  const store = new BatchStore(stores.db as unknown as Kysely<never>, config.ledger.storeBodies);
  const embedded = config.ledger.databaseUrl === undefined;
  let database: JobDatabase;
  if (config.ledger.databaseUrl !== undefined) {
    database = {
      connectionString: config.ledger.databaseUrl,
      maxConnections: 4,
      timeoutMs: config.ledger.timeoutMs,
    };
  } else if (stores.embeddedSql) {
    database = { executeSql: stores.embeddedSql };
  } else {
    throw new Error('The embedded ledger gives no SQL for the bulk job engine.');
  }
  // A send takes about the Intercom timeout at most: a job's lease outlives three of them, and
  // a job starts sends for a third of it only (the rest is queued anew), so the last send it
  // starts ends within the lease. A short lease is what lets a dead replica's jobs come back soon.
  const jobSchema = jobSchemaFor(config.ledger.schema);
  const leaseSeconds = Math.max(10, Math.ceil((3 * config.intercom.timeoutMs) / 1000));
  const engine = await BatchEngine.start({
    database,
    schema: jobSchema,
    leaseSeconds,
    onError: (error) =>
      logger.warn({ err: { name: error.name } }, 'the bulk job engine met an error'),
    onOutcomeNotRecorded: (error) =>
      logger.warn(
        { err: { name: error.name } },
        "a bulk job's end could not be recorded: it is taken again once its lease is over",
      ),
  });
  const bulk = new BulkSends(
    store,
    engine,
    messages,
    config.bulk,
    logger,
    new BulkMetrics(registry, store),
    {
      sliceBudgetMs: (leaseSeconds * 1000) / 3,
      claimTtlMs: config.idempotency.ttlSeconds * 1000,
    },
  );
  bulkByLedger.set(stores.ledger, bulk);
  const liveness = new ReplicaLiveness(stores.db as unknown as Kysely<never>, {
    beatMs: BEAT_MS,
    silentMs: SILENT_MS,
    jobs: { schema: jobSchema, queue: BULK_QUEUE },
    release: (jobIds) => engine.takeBack(jobIds),
    onError: (error) =>
      logger.warn(
        { err: { name: (error as Error).name } },
        "this replica's bulk heartbeat failed: its jobs fall back on their lease until it works",
      ),
    onTakenBack: (jobs) =>
      logger.warn({ jobs }, 'a replica stopped: the bulk jobs it held are queued again'),
  });
  await liveness.start();
  await engine.work((slice) => bulk.runSlice(slice), liveness);
  if (embedded) {
    // A ledger that fails at start-up (a damaged page, say) leaves the gateway running: the
    // batches under way are queued again once the database works.
    let recovered = false;
    const recover = () =>
      bulk.recover().then(
        () => (recovered = true),
        (error: unknown) =>
          logger.warn(
            { err: { name: (error as Error).name } },
            'the batches under way could not be queued again yet: they will be once the ledger works',
          ),
      );
    await recover();
    stores.health.onChange((reason) => {
      if (reason === undefined && !recovered) void recover();
    });
  }
  const upkeep = pruneFinishedBatches(store, config.ledger, logger);
  return {
    bulk,
    async close(graceMs) {
      await upkeep.close();
      bulk.stop();
      await engine
        .close(graceMs)
        .catch((error: unknown) =>
          logger.warn(
            { err: { name: (error as Error).name } },
            'the bulk job engine did not stop cleanly',
          ),
        );
      // After the engine: the jobs still under way are handed to the other replicas.
      await liveness.stop();
    },
  };
}

/**
 * Finished batches past LEDGER_RETENTION_DAYS are deleted with their recipients, as the ledger's
 * entries are: once at start, then every LEDGER_UPKEEP_INTERVAL_MS (0 days keeps them all).
 */
function pruneFinishedBatches(
  store: BatchStore,
  {
    retentionDays,
    upkeepIntervalMs,
  }: Pick<GatewayConfig['ledger'], 'retentionDays' | 'upkeepIntervalMs'>,
  logger: Logger,
): { close(): Promise<void> } {
  if (retentionDays <= 0) return { close: async () => undefined };
  const upkeep = periodicTask(async () => {
    try {
      const purged = await store.purge(new Date(Date.now() - retentionDays * DAY_MS));
      if (purged > 0) logger.info({ purged }, 'finished message batches past retention deleted');
    } catch (error) {
      logger.warn(
        { err: describeDatabaseError(error) },
        'finished message batches could not be pruned yet',
      );
    }
  }, upkeepIntervalMs);
  return { close: () => upkeep.stop() };
}
