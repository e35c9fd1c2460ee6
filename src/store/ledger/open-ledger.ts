import type { GatewayConfig, LedgerConfig } from '../../config';
import type { MessageLedger } from '../../ledger/ledger.model';
import type { Logger } from '../../logger';
import { openLedgerDatabase, type OpenLedgerDatabase } from './database';
import { periodicTask } from '../periodic-task';
import { describeDatabaseError } from './database-errors';
import { vacuumMostDue } from './embedded-vacuum';
import type { LedgerHealth } from './ledger-health';
import { KyselyMessageLedger } from './kysely-ledger';
import { PostgresIdempotencyStore } from './postgres-idempotency-store';
import { PostgresSeenNotifications } from './postgres-seen-notifications';

/** What the ledger's database holds: the ledger, and the idempotency records of record. */
export interface LedgerStores {
  readonly ledger: MessageLedger;
  readonly idempotency: PostgresIdempotencyStore;
  /** The webhook notifications published, so that a replay after a restart is recognised. */
  readonly webhookDeliveries: PostgresSeenNotifications;
  /** Whether the database works, probed with the same deadline as every query. */
  readonly health: LedgerHealth;
  /** Closes the database (and gives up the embedded folder's lock). */
  close(): Promise<void>;
  /** The database itself, for the bulk sends' tables and job engine. */
  readonly db: OpenLedgerDatabase['db'];
  readonly embeddedSql: OpenLedgerDatabase['embeddedSql'];
}

const DAY_MS = 86_400_000;

/** The ledger the configuration asks for, its schema migrated. */
export async function openLedger(
  ledger: LedgerConfig,
  config: Pick<GatewayConfig, 'intercom'>,
): Promise<LedgerStores> {
  const { db, health, close, embeddedSql } = await openLedgerDatabase({
    databaseUrl: ledger.databaseUrl,
    dataDir: ledger.dataDir,
    schema: ledger.schema,
    timeoutMs: ledger.timeoutMs,
    maxConnections: ledger.maxConnections,
    synchronousCommit: ledger.synchronousCommit,
  });
  // A PENDING entry outlives its send by a margin: a send never takes longer than the timeout.
  return {
    ledger: new KyselyMessageLedger(db, config.intercom.timeoutMs + 5000, {
      server: ledger.databaseUrl !== undefined,
    }),
    idempotency: new PostgresIdempotencyStore(db),
    webhookDeliveries: new PostgresSeenNotifications(db),
    health,
    close,
    db,
    embeddedSql,
  };
}

/**
 * The ledger's upkeep, on its own: writes it missed are made, entries past the retention are
 * deleted, PENDING ones whose sender died become UNKNOWN once their lease is over, and on the
 * embedded engine the table most in need of it is vacuumed. Once at start, then every
 * LEDGER_UPKEEP_INTERVAL_MS, and the missed writes also as soon as the database works again.
 * `close` makes what it can of the writes still kept, reports the rest as lost, and closes the
 * database.
 */
export function keepLedger(
  stores: LedgerStores,
  { retentionDays, upkeepIntervalMs }: Pick<LedgerConfig, 'retentionDays' | 'upkeepIntervalMs'>,
  logger: Logger,
  backlog: { flush(): Promise<void>; abandon(): number },
): { close(): Promise<void> } {
  const { ledger, idempotency, health, embeddedSql } = stores;
  const run = async () => {
    try {
      await backlog.flush();
      const now = new Date();
      await idempotency.purgeExpired();
      const expired = await ledger.expireAbandoned(now);
      const purged =
        retentionDays > 0
          ? await ledger.purge(new Date(now.getTime() - retentionDays * DAY_MS))
          : 0;
      // The embedded engine has no autovacuum: its upkeep does that work, a table at a time.
      const vacuumed = embeddedSql ? await vacuumMostDue(embeddedSql) : undefined;
      if (expired > 0 || purged > 0 || vacuumed) {
        logger.info({ expired, purged, ...(vacuumed && { vacuumed }) }, 'ledger upkeep');
      }
    } catch (error) {
      logger.warn({ err: describeDatabaseError(error) }, 'ledger upkeep failed');
    }
  };
  health.onChange((reason) => {
    if (reason === undefined) {
      logger.info("the ledger's database works again");
      void backlog.flush();
    } else {
      logger.error({ reason }, "the ledger's database is failing");
    }
  });
  const upkeep = periodicTask(run, upkeepIntervalMs);
  return {
    async close() {
      await upkeep.stop();
      await ledger.stop();
      // Outcomes still on their way first: one that fails joins the backlog, made or reported
      // below.
      await ledger.written();
      await backlog.flush();
      backlog.abandon();
      // A database that is gone (a removed folder, a lost server) may fail to close: the
      // process is stopping either way.
      await stores
        .close()
        .catch((error: unknown) =>
          logger.warn({ err: describeDatabaseError(error) }, 'the ledger did not close cleanly'),
        );
    },
  };
}
