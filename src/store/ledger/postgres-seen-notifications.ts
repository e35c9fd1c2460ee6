import { sql, type Kysely } from 'kysely';
import { inUpkeepChunks } from './upkeep-chunks';
import type { Delivery } from '../seen-notifications';
import type { LedgerDatabase } from './schema';

/** `webhook_deliveries` (migration 0005_webhook_deliveries): a notification id, until when kept. */
export interface WebhookDeliveriesTable {
  id: string;
  expires_at: Date;
}

type WithDeliveries = LedgerDatabase & { webhook_deliveries: WebhookDeliveriesTable };

/** How often an insert also deletes the ids past their life (the table stays the size of an hour). */
const PURGE_INTERVAL_MS = 60_000;

/**
 * Webhook notification ids in the ledger's database: a notification replayed after the gateway
 * restarts, or to another replica on the same database, is recognised. Lifetimes are judged by
 * the database's clock, the one every replica shares.
 */
export class PostgresSeenNotifications {
  private readonly db: Kysely<WithDeliveries>;
  private nextPurgeAt = 0;

  constructor(db: Kysely<LedgerDatabase>) {
    this.db = db.withTables<{ webhook_deliveries: WebhookDeliveriesTable }>();
  }

  /** `first` the first time an id is seen within `ttlMs`, `duplicate` after that. */
  async remember(id: string, ttlMs: number): Promise<Delivery> {
    this.purgeNowAndThen();
    const expiresAt = sql<Date>`now() + make_interval(secs => ${ttlMs / 1000})`;
    // One statement: a new id is inserted, an expired one taken again, a live one left alone.
    const taken = await this.db
      .insertInto('webhook_deliveries')
      .values({ id, expires_at: expiresAt })
      .onConflict((conflict) =>
        conflict
          .column('id')
          .doUpdateSet({ expires_at: (eb) => eb.ref('excluded.expires_at') })
          .where('webhook_deliveries.expires_at', '<', sql<Date>`now()`),
      )
      .returning('id')
      .executeTakeFirst();
    return taken ? 'first' : 'duplicate';
  }

  /** Ids past their life: deleted. */
  async purgeExpired(): Promise<number> {
    return inUpkeepChunks(async (limit) => {
      const result = await this.db
        .deleteFrom('webhook_deliveries')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('webhook_deliveries')
            .select('id')
            .where('expires_at', '<', sql<Date>`now()`)
            .limit(limit),
        )
        // Again on the row deleted: an id remembered again meanwhile is no longer due.
        .where('expires_at', '<', sql<Date>`now()`)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  private purgeNowAndThen(): void {
    const now = Date.now();
    if (now < this.nextPurgeAt) return;
    this.nextPurgeAt = now + PURGE_INTERVAL_MS;
    // Off the webhook's path: a failed purge is tried again a minute later.
    this.purgeExpired().catch(() => undefined);
  }
}
