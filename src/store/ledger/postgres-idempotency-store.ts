import { sql, type Kysely } from 'kysely';
import type { ClaimResult, IdempotencyStore, StoredOutcome } from '../idempotency-store';
import { inUpkeepChunks } from './upkeep-chunks';
import { PREPARED } from './prepared-statements';
import type { LedgerDatabase } from './schema';

/** The record a claim found: taken now, or held by another send. */
interface HeldKey {
  readonly claimed: boolean;
  readonly fingerprint: string;
  readonly outcome: unknown;
  readonly lapsed: boolean;
}

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
    // A record committed by another replica after the statement's snapshot was taken is seen by
    // the upsert (it conflicts) but not by the read: it is read again, with a new snapshot. One
    // gone again meanwhile (released, or purged) leaves the key free: it is claimed once more.
    let held: HeldKey | undefined;
    for (let attempt = 0; held === undefined; attempt += 1) {
      if (attempt === 3) throw new Error('the idempotency record kept changing while it was read');
      held =
        (await this.takeOrRead(key, fingerprint, owner, leaseMs, ttlMs)) ??
        (await this.heldBy(key));
    }
    if (held.claimed) return { state: 'claimed' } as const;
    if (held.outcome !== null) {
      return {
        state: 'completed',
        fingerprint: held.fingerprint,
        outcome: held.outcome as StoredOutcome,
      } as const;
    }
    return held.lapsed
      ? ({ state: 'abandoned', fingerprint: held.fingerprint } as const)
      : ({ state: 'in-progress', fingerprint: held.fingerprint } as const);
  }

  /**
   * One statement, one round trip and one commit: the key is taken when it is new or its record
   * is past its life (an upsert that overwrites only an expired record), and otherwise the record
   * that holds it is read in the same statement.
   */
  private async takeOrRead(
    key: string,
    fingerprint: string,
    owner: string,
    leaseMs: number,
    ttlMs: number,
  ): Promise<HeldKey | undefined> {
    const { rows } = await sql<HeldKey>`${sql.raw(PREPARED)}
      with taken as (
        insert into idempotency_keys as held
          (key, fingerprint, owner, lease_until, outcome, expires_at)
        values (${key}, ${fingerprint}, ${owner}, ${interval(leaseMs)}, null, ${interval(ttlMs)})
        on conflict (key) do update set
          fingerprint = excluded.fingerprint, owner = excluded.owner,
          lease_until = excluded.lease_until, outcome = null, expires_at = excluded.expires_at
        where held.expires_at < now()
        returning key)
      select true as claimed, null as fingerprint, null as outcome, false as lapsed from taken
      union all
      select false, fingerprint, outcome, lease_until < now()
      from idempotency_keys
      where key = ${key} and not exists (select 1 from taken)`.execute(this.db);
    return rows[0];
  }

  private async heldBy(key: string): Promise<HeldKey | undefined> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .select(['fingerprint', 'outcome', sql<boolean>`lease_until < now()`.as('lapsed')])
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? { claimed: false, ...row } : undefined;
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
    return inUpkeepChunks(async (limit) => {
      const result = await this.db
        .deleteFrom('idempotency_keys')
        .where('key', 'in', (eb) =>
          eb
            .selectFrom('idempotency_keys')
            .select('key')
            .where('expires_at', '<', sql<Date>`now()`)
            .limit(limit),
        )
        // Again on the row deleted: a key taken again meanwhile (its claim) is no longer due.
        .where('expires_at', '<', sql<Date>`now()`)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
}
