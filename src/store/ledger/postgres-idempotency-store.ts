import { sql, type Kysely } from 'kysely';
import type { ClaimResult, IdempotencyStore, StoredOutcome } from '../idempotency-store';
import type { LedgerDatabase } from './schema';

const POLL_MS = 50;
const interval = (ms: number) => sql<Date>`now() + make_interval(secs => ${ms / 1000})`;

/**
 * Idempotency records in the ledger's database: durable across restarts of the gateway and of
 * Redis, and shared by every replica that uses it. Leases and lifetimes are judged by the
 * database's clock, the one clock every replica shares.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Kysely<LedgerDatabase>) {}

  async claim(
    key: string,
    fingerprint: string,
    owner: string,
    leaseMs: number,
    ttlMs: number,
  ): Promise<ClaimResult> {
    return this.db.transaction().execute(async (trx) => {
      // A record past its life is gone: the key is new again.
      await trx
        .deleteFrom('idempotency_keys')
        .where('key', '=', key)
        .where('expires_at', '<', sql<Date>`now()`)
        .execute();
      const inserted = await trx
        .insertInto('idempotency_keys')
        .values({
          key,
          fingerprint,
          owner,
          lease_until: interval(leaseMs),
          outcome: null,
          expires_at: interval(ttlMs),
        })
        .onConflict((conflict) => conflict.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted) return { state: 'claimed' } as const;
      const row = await trx
        .selectFrom('idempotency_keys')
        .select(['fingerprint', 'outcome', sql<boolean>`lease_until < now()`.as('lapsed')])
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      if (row.outcome !== null) {
        return {
          state: 'completed',
          fingerprint: row.fingerprint,
          outcome: row.outcome as StoredOutcome,
        } as const;
      }
      return row.lapsed
        ? ({ state: 'abandoned', fingerprint: row.fingerprint } as const)
        : ({ state: 'in-progress', fingerprint: row.fingerprint } as const);
    });
  }

  async renew(key: string, owner: string, leaseMs: number): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ lease_until: interval(leaseMs) })
      .where('key', '=', key)
      .where('owner', '=', owner)
      .where('outcome', 'is', null)
      .execute();
  }

  async complete(
    key: string,
    fingerprint: string,
    outcome: StoredOutcome,
    ttlMs: number,
  ): Promise<void> {
    const values = {
      fingerprint,
      owner: null,
      lease_until: null,
      outcome: JSON.stringify(outcome),
      expires_at: interval(ttlMs),
    };
    await this.db
      .insertInto('idempotency_keys')
      .values({ key, ...values })
      .onConflict((conflict) => conflict.column('key').doUpdateSet(values))
      .execute();
  }

  async release(key: string, owner: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency_keys')
      .where('key', '=', key)
      .where('owner', '=', owner)
      .where('outcome', 'is', null)
      .execute();
  }

  async settled(key: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const row = await this.db
        .selectFrom('idempotency_keys')
        .select([sql<boolean>`outcome is not null or lease_until < now()`.as('done')])
        .where('key', '=', key)
        .executeTakeFirst();
      if (!row || row.done) return;
      await new Promise((wake) => setTimeout(wake, POLL_MS));
    }
  }

  /** Records past their life, deleted by the ledger's upkeep. */
  async purgeExpired(): Promise<number> {
    const result = await this.db
      .deleteFrom('idempotency_keys')
      .where('expires_at', '<', sql<Date>`now()`)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
