import type { GatewayConfig, LedgerConfig } from '../../config';
import type { MessageLedger } from '../../ledger/ledger.model';
import type { Logger } from '../../logger';
import { openLedgerDatabase } from './database';
import { KyselyMessageLedger } from './kysely-ledger';
import { PostgresIdempotencyStore } from './postgres-idempotency-store';
import { PostgresSeenNotifications } from './postgres-seen-notifications';

/** What the ledger's database holds: the ledger, and the idempotency records of record. */
export interface LedgerStores {
  readonly ledger: MessageLedger;
  readonly idempotency: PostgresIdempotencyStore;
  /** The webhook notifications published, so that a replay after a restart is recognised. */
  readonly webhookDeliveries: PostgresSeenNotifications;
}

const DAY_MS = 86_400_000;

/** The ledger the configuration asks for, its schema migrated. */
export async function openLedger(
  ledger: LedgerConfig,
  config: Pick<GatewayConfig, 'intercom'>,
): Promise<LedgerStores> {
  const db = await openLedgerDatabase({
    databaseUrl: ledger.databaseUrl,
    dataDir: ledger.dataDir,
    schema: ledger.schema,
    statementTimeoutMs: ledger.timeoutMs,
    maxConnections: ledger.maxConnections,
    synchronousCommit: ledger.synchronousCommit,
  });
  // A PENDING entry outlives its send by a margin: a send never takes longer than the timeout.
  return {
    ledger: new KyselyMessageLedger(db, config.intercom.timeoutMs + 5000),
    idempotency: new PostgresIdempotencyStore(db),
    webhookDeliveries: new PostgresSeenNotifications(db),
  };
}

/**
 * The ledger's upkeep, on its own: writes it missed are made, entries past the retention are
 * deleted, and PENDING ones whose sender died become UNKNOWN once their lease is over. Once at
 * start, then every LEDGER_UPKEEP_INTERVAL_MS.
 */
export function keepLedger(
  { ledger, idempotency }: LedgerStores,
  { retentionDays, upkeepIntervalMs }: Pick<LedgerConfig, 'retentionDays' | 'upkeepIntervalMs'>,
  logger: Logger,
  backlog: { flush(): Promise<void> },
): { stop(): void } {
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
      if (expired > 0 || purged > 0) logger.info({ expired, purged }, 'ledger upkeep');
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'ledger upkeep failed');
    }
  };
  void run();
  const timer = setInterval(() => void run(), upkeepIntervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
