import { randomUUID } from 'node:crypto';
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type Selectable,
  type SqlBool,
} from 'kysely';
import type {
  LedgerEntry,
  LedgerEntryStart,
  LedgerFilter,
  LedgerOutcome,
  LedgerPage,
  LedgerReader,
  LedgerTicket,
  MessageLedger,
  LedgerKind,
  LedgerState,
} from '../../ledger/ledger.model';
import { inUpkeepChunks } from './upkeep-chunks';
import { PREPARED } from './prepared-statements';
import type { LedgerDatabase, LedgerEntriesTable } from './schema';
import { WriteBatcher, type WriteBatcherOptions } from './write-batcher';

type Row = Selectable<LedgerEntriesTable>;
type Where = ExpressionBuilder<LedgerDatabase, 'ledger_entries'>;

function toEntry(row: Row): LedgerEntry {
  return {
    id: row.id,
    kind: row.kind as LedgerKind,
    clientId: row.client_id,
    idempotencyKey: row.idempotency_key,
    from: { type: row.from_type, id: row.from_id, userId: row.from_user_id, email: row.from_email },
    to:
      row.to_type === null
        ? null
        : { type: row.to_type, id: row.to_id, userId: row.to_user_id, email: row.to_email },
    resolvedContactId: row.resolved_contact_id,
    messageType: row.message_type,
    subject: row.subject,
    body: row.body,
    conversationId: row.conversation_id,
    state: row.state as LedgerState,
    intercomMessageId: row.intercom_message_id,
    intercomRequestId: row.intercom_request_id,
    errorCode: row.error_code,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** The columns that may hold a contact's Intercom id. */
const CONTACT_COLUMNS = ['to_id', 'from_id', 'resolved_contact_id'] as const;

/** The gateway's own entry ids: anything else is never compared with the uuid column. */
const ENTRY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ES2024's String methods (Node 20 and later), which the project's `lib` does not list yet. */
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * Text as PostgreSQL can store it: it refuses U+0000 in text and in jsonb, so a NUL in a value
 * (a body, or what Intercom answered) would lose the whole entry. It becomes U+FFFD instead.
 */
function storable<T extends string | null>(value: T): T {
  if (value === null) return value;
  // A lone surrogate has no UTF-8 form: the writes travel as JSON, which PostgreSQL would refuse
  // with one; it becomes U+FFFD, as a text parameter's encoding would make it.
  const text = value as string & WellFormed;
  const whole = text.isWellFormed() ? text : text.toWellFormed();
  return (whole.includes('\0') ? whole.replaceAll('\0', '\uFFFD') : whole) as T;
}

/** An entry's columns as the request gave them (PENDING until an outcome says otherwise). */
function columnsOf(entry: LedgerEntryStart, id: string, createdAt: Date) {
  return {
    id,
    kind: storable(entry.kind),
    client_id: storable(entry.clientId),
    idempotency_key: storable(entry.idempotencyKey),
    from_type: storable(entry.from.type),
    from_id: storable(entry.from.id),
    from_user_id: storable(entry.from.userId),
    from_email: storable(entry.from.email),
    to_type: storable(entry.to?.type ?? null),
    to_id: storable(entry.to?.id ?? null),
    to_user_id: storable(entry.to?.userId ?? null),
    to_email: storable(entry.to?.email ?? null),
    resolved_contact_id: null,
    message_type: storable(entry.messageType),
    subject: storable(entry.subject),
    body: storable(entry.body),
    state: 'PENDING',
    intercom_message_id: null,
    conversation_id: storable(entry.conversationId),
    intercom_request_id: null,
    error_code: null,
    lease_expires_at: null,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

/** An outcome's text as PostgreSQL can store it (Intercom's answers are not ours to trust). */
function storableOutcome(outcome: LedgerOutcome): LedgerOutcome {
  return outcome.state === 'SENT'
    ? {
        ...outcome,
        intercomMessageId: storable(outcome.intercomMessageId),
        conversationId: storable(outcome.conversationId),
        resolvedContactId: storable(outcome.resolvedContactId),
      }
    : {
        ...outcome,
        errorCode: storable(outcome.errorCode),
        intercomRequestId: storable(outcome.intercomRequestId),
      };
}

/** The columns an outcome sets. */
function outcomeColumns(given: LedgerOutcome) {
  const outcome = storableOutcome(given);
  const common = { state: outcome.state, lease_expires_at: null, updated_at: new Date() };
  return outcome.state === 'SENT'
    ? {
        ...common,
        intercom_message_id: outcome.intercomMessageId,
        resolved_contact_id: outcome.resolvedContactId,
        // An entry keeps the conversation it already knew when the answer names none.
        ...(outcome.conversationId === null ? {} : { conversation_id: outcome.conversationId }),
      }
    : { ...common, error_code: outcome.errorCode, intercom_request_id: outcome.intercomRequestId };
}

/**
 * One way into the entries: an equality on one column (or expression) that has an index on it
 * and `seq`, so "newest first, one page" reads only that page from the index. A condition that
 * ORs several columns has no such index: PostgreSQL would walk the whole table in `seq` order.
 */
type Lane = (eb: Where) => Expression<SqlBool>;

const adminLane =
  (adminId: string): Lane =>
  (eb) =>
    eb.and([eb('from_id', '=', storable(adminId)), eb('from_type', '=', 'admin')]);

const contactLanes = (contactId: string): Lane[] =>
  CONTACT_COLUMNS.map((column) => (eb: Where) => eb(column, '=', storable(contactId)));

/** Emails compare without case, on `lower(column)` (the indexes are on that expression). */
const emailLane =
  (column: 'to_email' | 'from_email', email: string): Lane =>
  (eb) =>
    eb.and([
      eb(column, 'is not', null),
      eb(eb.fn('lower', [column]), '=', storable(email).toLowerCase()),
    ]);

/** The lanes through which a reader sees entries: any one of them makes an entry visible. */
function visibilityLanes(reader: Extract<LedgerReader, { all: false }>): Lane[] {
  const lanes = reader.adminIds.map(adminLane);
  const person = reader.person;
  if (person?.contactId) lanes.push(...contactLanes(person.contactId));
  const userId = person?.userId;
  if (userId) {
    lanes.push(
      (eb) => eb('to_user_id', '=', storable(userId)),
      (eb) => eb('from_user_id', '=', storable(userId)),
    );
  }
  if (person?.email) {
    lanes.push(emailLane('to_email', person.email), emailLane('from_email', person.email));
  }
  return lanes;
}

/** The entries a reader may see, as a condition. */
function visibleTo(reader: LedgerReader) {
  return (eb: Where) => {
    if (reader.all) return eb.val(true);
    const lanes = visibilityLanes(reader);
    return lanes.length === 0 ? eb.val(false) : eb.or(lanes.map((lane) => lane(eb)));
  };
}

function matching(filter: LedgerFilter) {
  return (eb: Where) => {
    const all = [];
    const contactId = filter.contactId;
    if (contactId) all.push(eb.or(contactLanes(contactId).map((lane) => lane(eb))));
    if (filter.adminId) all.push(adminLane(filter.adminId)(eb));
    if (filter.state) all.push(eb('state', '=', filter.state));
    if (filter.kind) all.push(eb('kind', '=', filter.kind));
    if (filter.createdAfter) all.push(eb('created_at', '>=', filter.createdAfter));
    if (filter.createdBefore) all.push(eb('created_at', '<', filter.createdBefore));
    return eb.and(all);
  };
}

/**
 * The lanes a page is read through, whether they already imply the reader's visibility, and the
 * rest of the filter, checked on the rows read. The filter's most selective equality leads (each
 * is indexed with `seq`); without one, a restricted reader's own lanes do. The condition a lane
 * carries is not repeated in the rest: PostgreSQL would count its selectivity twice, expect a
 * row or two, and read every entry of the lane's value to sort them instead of one page of its
 * index.
 */
function lanesFor(
  reader: LedgerReader,
  filter: LedgerFilter,
): { lanes: Lane[]; visible: boolean; rest: LedgerFilter } {
  /** Lanes that carry the filter's `carried` condition: the rest is the filter without it. */
  const led = (lanes: Lane[], visible: boolean, carried?: keyof LedgerFilter) => ({
    lanes,
    visible,
    rest: carried === undefined ? filter : { ...filter, [carried]: null },
  });
  const { contactId, adminId, state, kind } = filter;
  if (contactId) return led(contactLanes(contactId), false, 'contactId');
  if (adminId) return led([adminLane(adminId)], false, 'adminId');
  if (!reader.all) return led(visibilityLanes(reader), true);
  if (state) return led([(eb) => eb('state', '=', state)], true, 'state');
  if (kind) return led([(eb) => eb('kind', '=', kind)], true, 'kind');
  return led([(eb) => eb.val(true)], true);
}

type NewRow = Insertable<LedgerEntriesTable>;

/**
 * A ticket of this ledger. An entry written without waiting for the disk keeps its whole row in
 * its ticket, so that its outcome can write it again.
 */
interface RowTicket extends LedgerTicket {
  readonly row?: NewRow;
}

/** An outcome to write: with its entry's whole row when the entry may not be on disk. */
interface Settlement {
  readonly id: string;
  readonly outcome: LedgerOutcome;
  readonly row: NewRow | undefined;
}

/** A new entry to write, and whether its write must reach the server's disk before it is done. */
interface NewEntry {
  readonly row: NewRow;
  readonly durable: boolean;
}

/** The columns a new entry sets (`seq` is the database's), in the order every insert names them. */
export const ENTRY_COLUMNS = [
  'id',
  'kind',
  'client_id',
  'idempotency_key',
  'from_type',
  'from_id',
  'from_user_id',
  'from_email',
  'to_type',
  'to_id',
  'to_user_id',
  'to_email',
  'resolved_contact_id',
  'message_type',
  'subject',
  'body',
  'state',
  'intercom_message_id',
  'conversation_id',
  'intercom_request_id',
  'error_code',
  'lease_expires_at',
  'created_at',
  'updated_at',
] as const;

const INSERTED = sql.raw(ENTRY_COLUMNS.join(', '));

/**
 * New entries, any number, from one JSON array of rows: the statement's text is the same for
 * every batch, and a batch is one parameter (`jsonRows`) instead of 24 per row.
 * `durable: false` commits without waiting for the server's disk (`synchronous_commit` off for
 * this statement's transaction alone): the rows are visible at once, and on disk a fraction of a
 * second later, unless the server crashes first.
 */
const insertRows = (rows: string, durable: boolean) =>
  durable
    ? sql`insert into ledger_entries (${INSERTED})
        select ${INSERTED} from json_populate_recordset(null::ledger_entries, ${rows}::json)`
    : sql`insert into ledger_entries (${INSERTED})
        select ${INSERTED} from json_populate_recordset(null::ledger_entries, ${rows}::json)
        where set_config('synchronous_commit', 'off', true) is not null`;

/**
 * Outcomes, any number, from one JSON array; what an outcome does not name is kept. The ids
 * also go as an array: the planner then knows how many rows it updates (it takes a JSON set
 * for 100 rows, and would scan a table of a few thousand entries instead of using its key).
 */
const updateRows = (rows: string, ids: readonly string[], now: Date) => sql`
  update ledger_entries as e set
    state = v.state,
    intercom_message_id = coalesce(v.intercom_message_id, e.intercom_message_id),
    conversation_id = coalesce(v.conversation_id, e.conversation_id),
    resolved_contact_id = coalesce(v.resolved_contact_id, e.resolved_contact_id),
    -- SENT at last (an entry given up as UNKNOWN, then its late outcome) keeps no error.
    error_code = case when v.state = 'SENT' then null else coalesce(v.error_code, e.error_code) end,
    intercom_request_id = coalesce(v.intercom_request_id, e.intercom_request_id),
    lease_expires_at = null,
    updated_at = ${now}
  from json_to_recordset(${rows}::json) as v(
    id uuid, state text, intercom_message_id text, conversation_id text,
    resolved_contact_id text, error_code text, intercom_request_id text)
  where e.id = v.id and e.id = any(${ids}::uuid[])`;

/**
 * Outcomes of entries written without waiting for the disk, each with its entry's whole row: an
 * entry the server lost (a crash before it reached the disk) is written again whole; one it
 * holds is updated as `updateRows` does.
 */
const upsertRows = (rows: string) => sql`
  insert into ledger_entries (${INSERTED})
  select ${INSERTED} from json_populate_recordset(null::ledger_entries, ${rows}::json)
  on conflict (id) do update set
    state = excluded.state,
    intercom_message_id = coalesce(excluded.intercom_message_id, ledger_entries.intercom_message_id),
    conversation_id = coalesce(excluded.conversation_id, ledger_entries.conversation_id),
    resolved_contact_id = coalesce(excluded.resolved_contact_id, ledger_entries.resolved_contact_id),
    error_code = case when excluded.state = 'SENT' then null
      else coalesce(excluded.error_code, ledger_entries.error_code) end,
    intercom_request_id = coalesce(excluded.intercom_request_id, ledger_entries.intercom_request_id),
    lease_expires_at = null,
    updated_at = excluded.updated_at`;

/**
 * Rows as the one JSON parameter of a batch's statement, their null columns left out: the
 * statements read a missing key as null (`json_populate_recordset` over a null record,
 * `json_to_recordset`), and about half of a new entry's 24 columns are null. A third fewer bytes
 * to build, send and parse per row, on both sides of the connection.
 */
function jsonRows(rows: readonly object[]): string {
  const present = rows.map((row) => {
    const kept: Record<string, unknown> = {};
    for (const column of Object.keys(row)) {
      const value: unknown = row[column as keyof typeof row];
      if (value === null) continue;
      // The text JSON.stringify would write for a Date, written here: an object with `toJSON`
      // takes JSON.stringify off its fast path for the whole array.
      kept[column] = value instanceof Date ? value.toJSON() : value;
    }
    return kept;
  });
  return JSON.stringify(present);
}

/** An outcome as a row of `updateRows`. */
function settlementRow({ id, outcome: given }: Settlement) {
  const outcome = storableOutcome(given);
  return outcome.state === 'SENT'
    ? {
        id,
        state: outcome.state,
        intercom_message_id: outcome.intercomMessageId,
        conversation_id: outcome.conversationId,
        resolved_contact_id: outcome.resolvedContactId,
      }
    : {
        id,
        state: outcome.state,
        error_code: outcome.errorCode,
        intercom_request_id: outcome.intercomRequestId,
      };
}

/** Leases renewed by one statement at most. */
const RENEWALS_PER_STATEMENT = 500;

/**
 * At most 200 writes a statement, 4 statements at once; an outcome nobody waits for waits at
 * most 20 ms for others to share its statement.
 */
export const LEDGER_BATCHING: WriteBatcherOptions = { maxBatch: 200, maxInFlight: 4, lingerMs: 20 };

/** The ledger in PostgreSQL (a server or PGlite), through Kysely. */
export class KyselyMessageLedger implements MessageLedger {
  /**
   * New entries, many to a statement: those of one turn of the event loop share one round trip
   * and one commit.
   */
  private readonly entries: WriteBatcher<NewEntry>;
  /**
   * Outcomes, many to a statement, apart from new entries: an outcome's statement always waits
   * for the disk, a new entry's need not. One nobody waits for lingers (`lingerMs`) to share a
   * statement with others: at load, one statement carries the outcomes of many sends.
   */
  private readonly outcomes: WriteBatcher<Settlement>;
  private readonly mayDefer: boolean;
  /**
   * The PENDING entries this process's sends hold, each with when its lease is next renewed: a
   * send may outlast a lease (a bulk send waits for its share of the quota as long as it must),
   * and its entry must not turn UNKNOWN while its sender lives. Renewed every quarter lease, in
   * one statement for all that are due.
   */
  private readonly held = new Map<string, number>();
  private readonly renewal: NodeJS.Timeout;
  private renewing: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<LedgerDatabase>,
    /** How long a PENDING entry's sender holds it before it counts as gone. */
    private readonly leaseMs: number,
    {
      batching = LEDGER_BATCHING,
      server = true,
    }: {
      batching?: WriteBatcherOptions;
      /**
       * Whether the database is a server of its own. A new entry may skip waiting for the disk
       * only there: the embedded engine runs in the gateway's process, so a crash of the
       * gateway is one of the database, and would lose it.
       */
      server?: boolean;
    } = {},
  ) {
    this.mayDefer = server;
    this.entries = new WriteBatcher((entries) => this.insertMany(entries), batching);
    this.outcomes = new WriteBatcher((settlements) => this.settleMany(settlements), batching);
    this.renewal = setInterval(() => void this.renewLeases(), Math.max(50, this.leaseMs / 4));
    this.renewal.unref();
  }

  async begin(entry: LedgerEntryStart, { durable = true } = {}): Promise<LedgerTicket> {
    const id = randomUUID();
    const now = new Date();
    const row: NewRow = {
      ...columnsOf(entry, id, now),
      state: 'PENDING',
      lease_expires_at: new Date(now.getTime() + this.leaseMs),
    };
    const deferred = !durable && this.mayDefer;
    await this.entries.add({ row, durable: !deferred });
    this.held.set(id, now.getTime() + this.leaseMs / 2);
    const ticket: RowTicket = deferred ? { id, row } : { id };
    return ticket;
  }

  ended(ticket: LedgerTicket): void {
    this.held.delete(ticket.id);
  }

  /**
   * Renews the leases of the entries held longer than half a lease: a whole lease from now for
   * each, while it is still PENDING. One that cannot be renewed (the database fails) may turn
   * UNKNOWN meanwhile, and its outcome, written later, corrects it.
   */
  private renewLeases(): Promise<void> {
    this.renewing ??= (async () => {
      const now = Date.now();
      const due: string[] = [];
      for (const [id, renewAt] of this.held) if (renewAt <= now) due.push(id);
      for (let start = 0; start < due.length; start += RENEWALS_PER_STATEMENT) {
        const ids = due.slice(start, start + RENEWALS_PER_STATEMENT);
        try {
          // Rows an outcome's statement holds are skipped (renewed at the next turn, if still
          // PENDING): locking them in another order than that statement could deadlock it.
          await this.db
            .updateTable('ledger_entries')
            .set({ lease_expires_at: new Date(now + this.leaseMs) })
            .where('id', 'in', (eb) =>
              eb
                .selectFrom('ledger_entries')
                .select('id')
                .where('id', 'in', ids)
                .where('state', '=', 'PENDING')
                .forUpdate()
                .skipLocked(),
            )
            .execute();
        } catch {
          return;
        }
        for (const id of ids) if (this.held.has(id)) this.held.set(id, now + this.leaseMs / 2);
      }
    })().finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  async record(entry: LedgerEntryStart, createdAt: Date, outcome: LedgerOutcome): Promise<void> {
    await this.db
      .insertInto('ledger_entries')
      .values({ ...columnsOf(entry, randomUUID(), createdAt), ...outcomeColumns(outcome) })
      .execute();
  }

  settle(
    ticket: LedgerTicket,
    outcome: LedgerOutcome,
    when: 'now' | 'soon' = 'now',
  ): Promise<void> {
    const { row } = ticket as RowTicket;
    this.ended(ticket);
    return this.outcomes.add({ id: ticket.id, outcome, row }, { lazy: when === 'soon' });
  }

  /** Every write this ledger was asked for so far, done: what its readers wait for. */
  async written(): Promise<void> {
    await Promise.all([this.entries.written(), this.outcomes.written()]);
  }

  private async insertMany(entries: readonly NewEntry[]): Promise<void> {
    const durable = entries.some((entry) => entry.durable);
    const rows = jsonRows(entries.map((entry) => entry.row));
    // Each statement's text is the same at every call: prepared once per connection.
    await sql`${sql.raw(PREPARED)}${insertRows(rows, durable)}`.execute(this.db);
  }

  /** Outcomes of entries on disk by an update, of the others by an upsert of the whole entry. */
  private async settleMany(settlements: readonly Settlement[]): Promise<void> {
    const prepared = sql.raw(PREPARED);
    const whole = settlements.flatMap(({ row, outcome }) =>
      row === undefined ? [] : [{ ...row, ...outcomeColumns(outcome) }],
    );
    const updates = settlements.filter(({ row }) => row === undefined).map(settlementRow);
    if (whole.length > 0) {
      await sql`${prepared}${upsertRows(jsonRows(whole))}`.execute(this.db);
    }
    if (updates.length > 0) {
      const ids = updates.map((update) => update.id);
      const rows = jsonRows(updates);
      await sql`${prepared}${updateRows(rows, ids, new Date())}`.execute(this.db);
    }
  }

  async find(id: string, reader: LedgerReader): Promise<LedgerEntry | null> {
    // This replica's reader sees what it has written, outcomes on their way included.
    await this.written();
    // Only a real UUID is compared with the uuid column: anything else would be a cast error.
    const byOwnId = ENTRY_ID.test(id);
    const wanted = storable(id);
    const row = await this.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where((eb) =>
        eb.and([
          byOwnId
            ? eb.or([eb('id', '=', id.toLowerCase()), eb('intercom_message_id', '=', wanted)])
            : eb('intercom_message_id', '=', wanted),
          visibleTo(reader)(eb),
        ]),
      )
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toEntry(row) : null;
  }

  async page(
    reader: LedgerReader,
    filter: LedgerFilter,
    first: number,
    after: string | null,
  ): Promise<LedgerPage> {
    if (after !== null && !ENTRY_ID.test(after)) return { entries: [], hasNextPage: false };
    await this.written();
    const { lanes, visible, rest } = lanesFor(reader, filter);
    if (lanes.length === 0) return { entries: [], hasNextPage: false };
    /** Newest first from `after` on through one lane: one page and one more (is there a next?). */
    const pageOf = (lane: Lane) => {
      let query = this.db
        .selectFrom('ledger_entries')
        .selectAll()
        .where((eb) =>
          eb.and([lane(eb), matching(rest)(eb), ...(visible ? [] : [visibleTo(reader)(eb)])]),
        );
      if (after !== null) {
        // Only an entry the reader may see places a page: another's id reads as no entry.
        const cursor = this.db
          .selectFrom('ledger_entries')
          .select('seq')
          .where('id', '=', after.toLowerCase())
          .where(visibleTo(reader));
        query = query.where('seq', '<', cursor);
      }
      return query.orderBy('seq', 'desc').limit(first + 1);
    };
    let rows: Row[];
    const [only, ...more] = lanes as [Lane, ...Lane[]];
    if (more.length === 0) {
      rows = await pageOf(only).execute();
    } else {
      // One index scan per lane, each cut at a page, then merged: an entry several lanes reach
      // is read by each, and kept once (told apart by `seq` alone, not by every column).
      const branch = (lane: Lane) => this.db.selectFrom(pageOf(lane).as('branch')).selectAll();
      const merged = more.reduce((union, lane) => union.unionAll(branch(lane)), branch(only));
      rows = await this.db
        .selectFrom(merged.as('page'))
        .distinctOn('seq')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(first + 1)
        .execute();
    }
    return { entries: rows.slice(0, first).map(toEntry), hasNextPage: rows.length > first };
  }

  async rememberConversation(intercomMessageId: string, conversationId: string): Promise<boolean> {
    // The entry is found by Intercom's id, which its outcome brings.
    await this.written();
    const result = await this.db
      .updateTable('ledger_entries')
      .set({ conversation_id: storable(conversationId), updated_at: new Date() })
      .where('intercom_message_id', '=', storable(intercomMessageId))
      .where('kind', 'in', ['ADMIN_MESSAGE', 'USER_MESSAGE'])
      .where((eb) =>
        eb.or([
          eb('conversation_id', 'is', null),
          eb('conversation_id', '!=', storable(conversationId)),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async purge(before: Date): Promise<number> {
    return inUpkeepChunks(async (limit) => {
      const result = await this.db
        .deleteFrom('ledger_entries')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('ledger_entries')
            .select('id')
            .where('created_at', '<', before)
            .where('state', '!=', 'PENDING')
            .limit(limit),
        )
        .where('state', '!=', 'PENDING')
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }

  async expireAbandoned(now: Date): Promise<number> {
    return inUpkeepChunks(async (limit) => {
      const result = await this.db
        .updateTable('ledger_entries')
        .set({ state: 'UNKNOWN', error_code: 'ABANDONED', lease_expires_at: null, updated_at: now })
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('ledger_entries')
            .select('id')
            .where('state', '=', 'PENDING')
            .where('lease_expires_at', '<', now)
            .limit(limit),
        )
        // Again on the row changed: an outcome written meanwhile is kept.
        .where('state', '=', 'PENDING')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.renewal);
    await this.renewing;
  }

  async close(): Promise<void> {
    await this.stop();
    // Outcomes still on their way are written (or fail, and are kept by their recorder) first.
    await this.written();
    await this.db.destroy();
  }
}
