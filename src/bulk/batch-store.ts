import { randomUUID } from 'node:crypto';
import { CompiledQuery, sql, type Kysely, type Selectable } from 'kysely';
import { IdempotencyKeyReusedError } from '../domain-errors';
import type { ContactReference, RecipientType } from '../messages/message.model';
import type {
  BatchCounts,
  BatchMessage,
  BatchRecipient,
  BatchState,
  BatchViewer,
  MessageBatch,
  RecipientOutcome,
  RecipientState,
} from './batch.model';
import { inUpkeepChunks } from '../store/ledger/upkeep-chunks';
import type { BulkTables, MessageBatchesTable, MessageBatchRecipientsTable } from './batch-tables';

/** The gateway's own batch ids: anything else is never compared with the uuid column. */
export const BATCH_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Recipients inserted per statement (7 parameters each, far below PostgreSQL's 65,535). */
const INSERT_CHUNK = 1000;

/**
 * Finished batches one upkeep statement deletes at most, each with its recipients (10,000 by
 * default, BULK_MAX_RECIPIENTS): a statement's rows stay bounded (see inUpkeepChunks).
 */
const BATCHES_PER_DELETE = 5;

/** Text as PostgreSQL can store it (U+0000 is refused at the input; this is the last guard). */
const storable = (value: string | null | undefined): string | null =>
  value == null ? null : value.replaceAll('\0', '\uFFFD');

type BatchRow = Selectable<MessageBatchesTable>;
type RecipientRow = Selectable<MessageBatchRecipientsTable>;

const OPEN_STATES: BatchState[] = ['QUEUED', 'RUNNING', 'PAUSED'];

/** SQL run in the caller's transaction: how a batch's jobs are queued with it, atomically. */
export type SqlRunner = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

export interface NewBatch {
  readonly clientId: string;
  readonly idempotencyKey: string | null;
  readonly fingerprint: string;
  readonly message: BatchMessage;
  readonly recipients: readonly ContactReference<RecipientType>[];
}

/** A send as the ledger recorded it. */
export interface LedgerTrace {
  /** PENDING (under way, or its sender died), SENT, FAILED or UNKNOWN. */
  readonly state: string;
  readonly intercomMessageId: string | null;
  readonly conversationId: string | null;
  readonly errorCode: string | null;
  /** While PENDING: whether its sender's lease still holds (it may be sending now). */
  readonly leased: boolean;
}

/** What a client's unfinished batches hold, for its limits. */
export interface OpenLoad {
  readonly batches: number;
  readonly pendingRecipients: number;
}

function toRecipient(row: RecipientRow): BatchRecipient {
  return {
    position: row.position,
    to: {
      type: row.to_type as RecipientType,
      id: row.to_id,
      userId: row.to_user_id,
      email: row.to_email,
    },
    state: row.state as RecipientState,
    errorCode: row.error_code,
    intercomErrorCode: row.intercom_error_code,
    intercomMessageId: row.intercom_message_id,
    conversationId: row.conversation_id,
    updatedAt: new Date(row.updated_at),
  };
}

/** Batches and their recipients in the ledger's database (PostgreSQL or PGlite). */
export class BatchStore {
  private readonly db: Kysely<BulkTables>;

  constructor(
    db: Kysely<never>,
    /**
     * LEDGER_STORE_BODIES: false keeps a batch's body only while it may still be sent (until the
     * batch is finished), as the ledger keeps none of its sends' bodies.
     */
    private readonly keepsBodies = true,
  ) {
    // The ledger's database, seen through the bulk sends' own tables.
    this.db = db.withTables<BulkTables>() as unknown as Kysely<BulkTables>;
  }

  /**
   * A new batch and its recipients, QUEUED, in one transaction. With an idempotency key the
   * client used before: the batch it made (same input), or IdempotencyKeyReusedError.
   */
  async create(
    batch: NewBatch,
    /** Throws when the client's unfinished batches leave no room for this one. */
    admit: (load: OpenLoad) => void,
    /** Runs in the same transaction once the batch is written (its jobs are queued there). */
    queue: (id: string, executeSql: SqlRunner) => Promise<void>,
  ): Promise<{ id: string; created: boolean }> {
    return this.db.transaction().execute(async (trx) => {
      // One client's batches are created one at a time: its limits hold under concurrency.
      await sql`select pg_advisory_xact_lock(hashtext(${batch.clientId}))`.execute(trx);
      if (batch.idempotencyKey !== null) {
        const earlier = await trx
          .selectFrom('message_batches')
          .select(['id', 'fingerprint'])
          .where('client_id', '=', batch.clientId)
          .where('idempotency_key', '=', batch.idempotencyKey)
          .executeTakeFirst();
        if (earlier) {
          if (earlier.fingerprint !== batch.fingerprint) throw new IdempotencyKeyReusedError();
          return { id: earlier.id, created: false };
        }
      }
      admit(await this.openLoad(batch.clientId, trx));
      const id = randomUUID();
      await trx
        .insertInto('message_batches')
        .values({
          id,
          client_id: batch.clientId,
          idempotency_key: batch.idempotencyKey,
          fingerprint: batch.fingerprint,
          message: JSON.stringify(batch.message),
          state: 'QUEUED',
          total: batch.recipients.length,
        })
        .execute();
      for (let start = 0; start < batch.recipients.length; start += INSERT_CHUNK) {
        const chunk = batch.recipients.slice(start, start + INSERT_CHUNK);
        await trx
          .insertInto('message_batch_recipients')
          .values(
            chunk.map((to, index) => ({
              batch_id: id,
              position: start + index,
              to_type: to.type,
              to_id: storable(to.id),
              to_user_id: storable(to.userId),
              to_email: storable(to.email),
              state: 'PENDING',
            })),
          )
          .execute();
      }
      await queue(id, async (text, values = []) => {
        const result = await trx.executeQuery(CompiledQuery.raw(text, values));
        return { rows: result.rows };
      });
      return { id, created: true };
    });
  }

  /**
   * A PAUSED batch running again, with the jobs of what it still holds queued in the same
   * transaction (`queue`), or COMPLETED if it holds nothing more. Answers the state it moved to,
   * or null if it was not PAUSED. A queue that fails leaves it PAUSED: a batch RUNNING with no
   * jobs would never send the rest, and could not be resumed.
   */
  async resume(
    id: string,
    queue: (positions: readonly number[], executeSql: SqlRunner) => Promise<void>,
  ): Promise<'RUNNING' | 'COMPLETED' | null> {
    return this.db.transaction().execute(async (trx) => {
      if (!(await this.transition(id, ['PAUSED'], 'RUNNING', trx))) return null;
      const positions = await this.pendingPositions(id, trx);
      if (positions.length === 0) {
        await this.transition(id, ['RUNNING'], 'COMPLETED', trx);
        return 'COMPLETED';
      }
      await queue(positions, async (text, values = []) => {
        const result = await trx.executeQuery(CompiledQuery.raw(text, values));
        return { rows: result.rows };
      });
      return 'RUNNING';
    });
  }

  /** A client's unfinished batches and the recipients they still hold. */
  async openLoad(clientId: string, db: Kysely<BulkTables> = this.db): Promise<OpenLoad> {
    const row = await db
      .selectFrom('message_batches as b')
      .select([
        sql<number>`count(*)::int`.as('batches'),
        sql<number>`coalesce(sum((select count(*) from message_batch_recipients r
          where r.batch_id = b.id and r.state = 'PENDING')), 0)::int`.as('pending'),
      ])
      .where('b.client_id', '=', clientId)
      .where('b.state', 'in', OPEN_STATES)
      .executeTakeFirstOrThrow();
    return { batches: Number(row.batches), pendingRecipients: Number(row.pending) };
  }

  /** One batch with its counts, if the viewer may see it. */
  async find(id: string, viewer: BatchViewer): Promise<MessageBatch | null> {
    if (!BATCH_ID.test(id)) return null;
    let query = this.db.selectFrom('message_batches').selectAll().where('id', '=', id);
    if (!viewer.all) query = query.where('client_id', '=', viewer.clientId);
    const row = await query.executeTakeFirst();
    return row ? this.withCounts(row) : null;
  }

  /** Batches newest first; `after` is the id of the last batch of the previous page. */
  async page(
    viewer: BatchViewer,
    first: number,
    after: string | null,
  ): Promise<{ batches: MessageBatch[]; hasNextPage: boolean }> {
    if (after !== null && !BATCH_ID.test(after)) return { batches: [], hasNextPage: false };
    let query = this.db.selectFrom('message_batches').selectAll();
    if (!viewer.all) query = query.where('client_id', '=', viewer.clientId);
    if (after !== null) {
      const cursor = this.db.selectFrom('message_batches').select('seq').where('id', '=', after);
      query = query.where('seq', '<', cursor);
    }
    const rows = await query
      .orderBy('seq', 'desc')
      .limit(first + 1)
      .execute();
    const shown = rows.slice(0, first);
    // One statement counts the whole page: a page of 100 batches takes one connection, once.
    const counted = await this.countsOf(shown.map((row) => row.id));
    const batches = shown.map((row) => batchOf(row, countsFrom(counted.get(row.id), row.total)));
    return { batches, hasNextPage: rows.length > first };
  }

  /** The batch's counts, from its recipients' rows. */
  async counts(id: string, total: number): Promise<BatchCounts> {
    return countsFrom((await this.countsOf([id])).get(id), total);
  }

  /** Each batch's recipients by state, in one statement. */
  private async countsOf(ids: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const counted = new Map<string, Map<string, number>>();
    if (ids.length === 0) return counted;
    const rows = await this.db
      .selectFrom('message_batch_recipients')
      .select(['batch_id', 'state', sql<number>`count(*)::int`.as('count')])
      .where('batch_id', 'in', ids)
      .groupBy(['batch_id', 'state'])
      .execute();
    for (const row of rows) {
      const byState = counted.get(row.batch_id) ?? new Map<string, number>();
      byState.set(row.state, Number(row.count));
      counted.set(row.batch_id, byState);
    }
    return counted;
  }

  /** The batch's recipients in order, from after `afterPosition`, optionally of one state. */
  async recipients(
    id: string,
    state: RecipientState | null,
    first: number,
    afterPosition: number | null,
  ): Promise<{ recipients: BatchRecipient[]; hasNextPage: boolean }> {
    let query = this.db
      .selectFrom('message_batch_recipients')
      .selectAll()
      .where('batch_id', '=', id);
    if (state) query = query.where('state', '=', state);
    if (afterPosition !== null) query = query.where('position', '>', afterPosition);
    const rows = await query
      .orderBy('position')
      .limit(first + 1)
      .execute();
    return { recipients: rows.slice(0, first).map(toRecipient), hasNextPage: rows.length > first };
  }

  /** The batch's message and state, for a worker. */
  async workOf(id: string): Promise<{
    clientId: string;
    state: BatchState;
    message: BatchMessage;
    createdAt: Date;
  } | null> {
    const row = await this.db
      .selectFrom('message_batches')
      .select(['client_id', 'state', 'message', 'created_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    const message = typeof row.message === 'string' ? JSON.parse(row.message) : row.message;
    return {
      clientId: row.client_id,
      state: row.state as BatchState,
      message: message as BatchMessage,
      createdAt: new Date(row.created_at),
    };
  }

  /**
   * The ledger's entry for one send (its client, its idempotency key, its recipient as the
   * request named it), the newest if several: whether, and how, it was attempted already.
   */
  async ledgerEntryOf(
    clientId: string,
    idempotencyKey: string,
    to: ContactReference<RecipientType>,
  ): Promise<LedgerTrace | null> {
    // Looked up by the recipient first: the ledger's indexes are by party, not by key.
    const party =
      to.id != null
        ? sql`to_id = ${to.id}`
        : to.userId != null
          ? sql`to_user_id = ${to.userId}`
          : sql`lower(to_email) = lower(${to.email ?? ''}) and to_email is not null`;
    const { rows } = await sql<{
      state: string;
      intercom_message_id: string | null;
      conversation_id: string | null;
      error_code: string | null;
      leased: boolean | null;
    }>`select state, intercom_message_id, conversation_id, error_code,
        lease_expires_at > now() as leased
      from ledger_entries
      where ${party} and client_id = ${clientId} and idempotency_key = ${idempotencyKey}
      order by seq desc limit 1`.execute(this.db);
    const row = rows[0];
    return row
      ? {
          state: row.state,
          intercomMessageId: row.intercom_message_id,
          conversationId: row.conversation_id,
          errorCode: row.error_code,
          leased: row.leased === true,
        }
      : null;
  }

  async stateOf(id: string): Promise<BatchState | null> {
    const row = await this.db
      .selectFrom('message_batches')
      .select('state')
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? (row.state as BatchState) : null;
  }

  /** The recipients of positions [from, to) still PENDING, in order. */
  async pendingIn(id: string, from: number, to: number): Promise<BatchRecipient[]> {
    const rows = await this.db
      .selectFrom('message_batch_recipients')
      .selectAll()
      .where('batch_id', '=', id)
      .where('state', '=', 'PENDING')
      .where('position', '>=', from)
      .where('position', '<', to)
      .orderBy('position')
      .execute();
    return rows.map(toRecipient);
  }

  /** The positions still PENDING, in order: what a resumed batch has left to send. */
  async pendingPositions(id: string, db: Kysely<BulkTables> = this.db): Promise<number[]> {
    const rows = await db
      .selectFrom('message_batch_recipients')
      .select('position')
      .where('batch_id', '=', id)
      .where('state', '=', 'PENDING')
      .orderBy('position')
      .execute();
    return rows.map((row) => row.position);
  }

  /** Writes a recipient's outcome once: a row already settled keeps its first outcome. */
  async settle(id: string, position: number, outcome: RecipientOutcome): Promise<boolean> {
    const columns =
      outcome.state === 'SENT'
        ? {
            state: 'SENT',
            intercom_message_id: storable(outcome.intercomMessageId),
            conversation_id: storable(outcome.conversationId),
          }
        : {
            state: outcome.state,
            error_code: storable(outcome.errorCode),
            intercom_error_code: storable(outcome.intercomErrorCode),
          };
    const result = await this.db
      .updateTable('message_batch_recipients')
      .set({ ...columns, updated_at: new Date() })
      .where('batch_id', '=', id)
      .where('position', '=', position)
      .where('state', '=', 'PENDING')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Moves the batch from one of `from` to `to`; answers whether it moved (another replica, or
   * the client, may have moved it first). RUNNING records when it started, a finished state when
   * it finished; COMPLETED only once no recipient is PENDING.
   */
  async transition(
    id: string,
    from: readonly BatchState[],
    to: BatchState,
    db: Kysely<BulkTables> = this.db,
  ): Promise<boolean> {
    const now = new Date();
    const finished = to === 'COMPLETED' || to === 'CANCELLED';
    let query = db
      .updateTable('message_batches')
      .set({
        state: to,
        updated_at: now,
        ...(to === 'RUNNING' ? { started_at: sql<Date>`coalesce(started_at, ${now})` } : {}),
        ...(finished ? { finished_at: now } : {}),
        ...(finished && !this.keepsBodies ? { message: sql`message - 'body'` } : {}),
      })
      .where('id', '=', id)
      .where('state', 'in', [...from]);
    if (to === 'COMPLETED') {
      query = query.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('message_batch_recipients')
              .select('position')
              .where('batch_id', '=', id)
              .where('state', '=', 'PENDING'),
          ),
        ),
      );
    }
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Deletes batches finished before `before`, with their recipients (LEDGER_RETENTION_DAYS, as
   * the ledger's own entries); answers how many. Unfinished batches are kept however old.
   */
  async purge(before: Date): Promise<number> {
    // A few batches a statement: each takes its recipients with it (up to a batch's maximum).
    return inUpkeepChunks(async (limit) => {
      const result = await this.db
        .deleteFrom('message_batches')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('message_batches')
            .select('id')
            .where('state', 'in', ['COMPLETED', 'CANCELLED'])
            .where('finished_at', '<', before)
            .limit(limit),
        )
        .where('state', 'in', ['COMPLETED', 'CANCELLED'])
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    }, BATCHES_PER_DELETE);
  }

  /** Batches that should be sending (QUEUED or RUNNING), oldest first. */
  async active(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('message_batches')
      .select('id')
      .where('state', 'in', ['QUEUED', 'RUNNING'])
      .orderBy('seq')
      .execute();
    return rows.map((row) => row.id);
  }

  /** Batches by state, and recipients still to send in batches that are sending. */
  async gauges(): Promise<{ byState: Record<string, number>; queueDepth: number }> {
    const states = await this.db
      .selectFrom('message_batches')
      .select(['state', sql<number>`count(*)::int`.as('count')])
      .groupBy('state')
      .execute();
    const depth = await this.db
      .selectFrom('message_batch_recipients as r')
      .innerJoin('message_batches as b', 'b.id', 'r.batch_id')
      .select(sql<number>`count(*)::int`.as('count'))
      .where('r.state', '=', 'PENDING')
      .where('b.state', 'in', ['QUEUED', 'RUNNING'])
      .executeTakeFirstOrThrow();
    return {
      byState: Object.fromEntries(states.map((row) => [row.state, Number(row.count)])),
      queueDepth: Number(depth.count),
    };
  }

  private async withCounts(row: BatchRow): Promise<MessageBatch> {
    return batchOf(row, await this.counts(row.id, row.total));
  }
}

/** A batch's counts from its recipients counted by state (none counted: none in that state). */
function countsFrom(byState: ReadonlyMap<string, number> | undefined, total: number): BatchCounts {
  const of = (state: RecipientState) => byState?.get(state) ?? 0;
  return {
    total,
    sent: of('SENT'),
    failed: of('FAILED'),
    unknown: of('UNKNOWN'),
    pending: of('PENDING'),
  };
}

function batchOf(row: BatchRow, counts: BatchCounts): MessageBatch {
  return {
    id: row.id,
    clientId: row.client_id,
    state: row.state as BatchState,
    counts,
    createdAt: new Date(row.created_at),
    startedAt: row.started_at ? new Date(row.started_at) : null,
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
  };
}
