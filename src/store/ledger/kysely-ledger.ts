import { randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder, type Insertable, type Kysely, type Selectable } from 'kysely';
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
import type { LedgerDatabase, LedgerEntriesTable } from './schema';
import { WriteBatcher } from './write-batcher';

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

/** An entry's columns as the request gave them (PENDING until an outcome says otherwise). */
function columnsOf(entry: LedgerEntryStart, id: string, createdAt: Date) {
  return {
    id,
    kind: entry.kind,
    client_id: entry.clientId,
    idempotency_key: entry.idempotencyKey,
    from_type: entry.from.type,
    from_id: entry.from.id,
    from_user_id: entry.from.userId,
    from_email: entry.from.email,
    to_type: entry.to?.type ?? null,
    to_id: entry.to?.id ?? null,
    to_user_id: entry.to?.userId ?? null,
    to_email: entry.to?.email ?? null,
    resolved_contact_id: null,
    message_type: entry.messageType,
    subject: entry.subject,
    body: entry.body,
    state: 'PENDING',
    intercom_message_id: null,
    conversation_id: entry.conversationId,
    intercom_request_id: null,
    error_code: null,
    lease_expires_at: null,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

/** The columns an outcome sets. */
function outcomeColumns(outcome: LedgerOutcome) {
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

/** The entries a reader may see, as a condition. */
function visibleTo(reader: LedgerReader) {
  return (eb: Where) => {
    if (reader.all) return eb.val(true);
    const either = [];
    if (reader.adminIds.length > 0) {
      either.push(
        eb.and([eb('from_type', '=', 'admin'), eb('from_id', 'in', [...reader.adminIds])]),
      );
    }
    const person = reader.person;
    if (person?.contactId) {
      for (const column of ['to_id', 'from_id', 'resolved_contact_id'] as const) {
        either.push(eb(column, '=', person.contactId));
      }
    }
    if (person?.userId) {
      either.push(eb('to_user_id', '=', person.userId), eb('from_user_id', '=', person.userId));
    }
    if (person?.email) {
      const email = person.email.toLowerCase();
      either.push(eb(eb.fn('lower', ['to_email']), '=', email));
      either.push(eb(eb.fn('lower', ['from_email']), '=', email));
    }
    return either.length === 0 ? eb.val(false) : eb.or(either);
  };
}

function matching(filter: LedgerFilter) {
  return (eb: Where) => {
    const all = [];
    const contactId = filter.contactId;
    if (contactId) {
      all.push(eb.or(CONTACT_COLUMNS.map((column) => eb(column, '=', contactId))));
    }
    if (filter.adminId) {
      all.push(eb.and([eb('from_type', '=', 'admin'), eb('from_id', '=', filter.adminId)]));
    }
    if (filter.state) all.push(eb('state', '=', filter.state));
    if (filter.kind) all.push(eb('kind', '=', filter.kind));
    if (filter.createdAfter) all.push(eb('created_at', '>=', filter.createdAfter));
    if (filter.createdBefore) all.push(eb('created_at', '<', filter.createdBefore));
    return eb.and(all);
  };
}

type NewRow = Insertable<LedgerEntriesTable>;
interface Settlement {
  readonly id: string;
  readonly outcome: LedgerOutcome;
}

/** The ledger in PostgreSQL (a server or PGlite), through Kysely. */
export class KyselyMessageLedger implements MessageLedger {
  /** New entries, inserted many rows to a statement. */
  private readonly inserts: WriteBatcher<NewRow>;
  /** Outcomes, applied many entries to a statement. */
  private readonly settlements: WriteBatcher<Settlement>;

  constructor(
    private readonly db: Kysely<LedgerDatabase>,
    /** How long a PENDING entry's sender holds it before it counts as gone. */
    private readonly leaseMs: number,
    batching: { maxBatch: number; maxInFlight: number } = { maxBatch: 200, maxInFlight: 4 },
  ) {
    this.inserts = new WriteBatcher(async (rows) => {
      await this.db
        .insertInto('ledger_entries')
        .values([...rows])
        .execute();
    }, batching);
    this.settlements = new WriteBatcher((settled) => this.settleMany(settled), batching);
  }

  async begin(entry: LedgerEntryStart): Promise<LedgerTicket> {
    const id = randomUUID();
    const now = new Date();
    await this.inserts.add({
      ...columnsOf(entry, id, now),
      state: 'PENDING',
      lease_expires_at: new Date(now.getTime() + this.leaseMs),
    });
    return { id };
  }

  async record(entry: LedgerEntryStart, createdAt: Date, outcome: LedgerOutcome): Promise<void> {
    await this.db
      .insertInto('ledger_entries')
      .values({ ...columnsOf(entry, randomUUID(), createdAt), ...outcomeColumns(outcome) })
      .execute();
  }

  settle(ticket: LedgerTicket, outcome: LedgerOutcome): Promise<void> {
    return this.settlements.add({ id: ticket.id, outcome });
  }

  /** Many outcomes in one statement: the values travel as one JSON parameter. */
  private async settleMany(settled: readonly Settlement[]): Promise<void> {
    if (settled.length === 1) {
      const [only] = settled as [Settlement];
      await this.db
        .updateTable('ledger_entries')
        .set(outcomeColumns(only.outcome))
        .where('id', '=', only.id)
        .execute();
      return;
    }
    const rows = settled.map(({ id, outcome }) =>
      outcome.state === 'SENT'
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
          },
    );
    await sql`
      update ledger_entries as e set
        state = v.state,
        intercom_message_id = coalesce(v.intercom_message_id, e.intercom_message_id),
        conversation_id = coalesce(v.conversation_id, e.conversation_id),
        resolved_contact_id = coalesce(v.resolved_contact_id, e.resolved_contact_id),
        error_code = coalesce(v.error_code, e.error_code),
        intercom_request_id = coalesce(v.intercom_request_id, e.intercom_request_id),
        lease_expires_at = null,
        updated_at = ${new Date()}
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(
        id uuid, state text, intercom_message_id text, conversation_id text,
        resolved_contact_id text, error_code text, intercom_request_id text)
      where e.id = v.id`.execute(this.db);
  }

  async find(id: string, reader: LedgerReader): Promise<LedgerEntry | null> {
    const byOwnId = /^[0-9a-f-]{36}$/.test(id);
    const row = await this.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where((eb) =>
        eb.and([
          byOwnId
            ? eb.or([eb('id', '=', id), eb('intercom_message_id', '=', id)])
            : eb('intercom_message_id', '=', id),
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
    const contactId = filter.contactId;
    const others = { ...filter, contactId: null };
    /** Newest first from `after` on, one page and one more (to tell whether a next one exists). */
    const pageOf = (column: (typeof CONTACT_COLUMNS)[number] | null) => {
      let query = this.db
        .selectFrom('ledger_entries')
        .selectAll()
        .where((eb) =>
          eb.and([
            visibleTo(reader)(eb),
            matching(others)(eb),
            ...(column && contactId ? [eb(column, '=', contactId)] : []),
          ]),
        );
      if (after !== null) {
        const cursor = this.db.selectFrom('ledger_entries').select('seq').where('id', '=', after);
        query = query.where('seq', '<', cursor);
      }
      return query.orderBy('seq', 'desc').limit(first + 1);
    };
    let rows: Row[];
    if (contactId) {
      // A contact may be in any of three columns: one index scan per column, each cut at a
      // page, then merged. One OR across them would read every entry the contact ever had.
      const branch = (column: (typeof CONTACT_COLUMNS)[number]) =>
        this.db.selectFrom(pageOf(column).as('branch')).selectAll();
      rows = await this.db
        .selectFrom(
          branch('to_id').union(branch('from_id')).union(branch('resolved_contact_id')).as('page'),
        )
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(first + 1)
        .execute();
    } else {
      rows = await pageOf(null).execute();
    }
    return { entries: rows.slice(0, first).map(toEntry), hasNextPage: rows.length > first };
  }

  async rememberConversation(intercomMessageId: string, conversationId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('ledger_entries')
      .set({ conversation_id: conversationId, updated_at: new Date() })
      .where('intercom_message_id', '=', intercomMessageId)
      .where('kind', 'in', ['ADMIN_MESSAGE', 'USER_MESSAGE'])
      .where((eb) =>
        eb.or([eb('conversation_id', 'is', null), eb('conversation_id', '!=', conversationId)]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async purge(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('ledger_entries')
      .where('created_at', '<', before)
      .where('state', '!=', 'PENDING')
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async expireAbandoned(now: Date): Promise<number> {
    const result = await this.db
      .updateTable('ledger_entries')
      .set({ state: 'UNKNOWN', error_code: 'ABANDONED', lease_expires_at: null, updated_at: now })
      .where('state', '=', 'PENDING')
      .where('lease_expires_at', '<', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
