import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * The ledger's migrations, in order; Kysely's Migrator runs the ones a database lacks at
 * start-up and records them (in the schema's `kysely_migration` table). Never edit one that
 * shipped: add the next.
 */
const migrations: Record<string, Migration> = {
  '0001_ledger_entries': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('ledger_entries')
        .addColumn('id', 'uuid', (column) => column.primaryKey())
        .addColumn('seq', 'bigserial', (column) => column.notNull().unique())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('client_id', 'text', (column) => column.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('from_type', 'text', (column) => column.notNull())
        .addColumn('from_id', 'text')
        .addColumn('from_user_id', 'text')
        .addColumn('from_email', 'text')
        .addColumn('to_type', 'text')
        .addColumn('to_id', 'text')
        .addColumn('to_user_id', 'text')
        .addColumn('to_email', 'text')
        .addColumn('resolved_contact_id', 'text')
        .addColumn('message_type', 'text', (column) => column.notNull())
        .addColumn('subject', 'text')
        .addColumn('body', 'text')
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('intercom_message_id', 'text')
        .addColumn('conversation_id', 'text')
        .addColumn('intercom_request_id', 'text')
        .addColumn('error_code', 'text')
        .addColumn('lease_expires_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createIndex('ledger_entries_intercom_message_id')
        .on('ledger_entries')
        .column('intercom_message_id')
        .execute();
      for (const column of [
        'to_id',
        'from_id',
        'resolved_contact_id',
        'to_user_id',
        'from_user_id',
      ]) {
        await db.schema
          .createIndex(`ledger_entries_${column}`)
          .on('ledger_entries')
          .columns([column, 'seq'])
          .execute();
      }
      await db.schema
        .createIndex('ledger_entries_created_at')
        .on('ledger_entries')
        .column('created_at')
        .execute();
      await db.schema
        .createIndex('ledger_entries_pending')
        .on('ledger_entries')
        .column('lease_expires_at')
        .where(sql.ref('state'), '=', 'PENDING')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('ledger_entries').execute();
    },
  },
  '0002_idempotency_keys': {
    async up(db: Kysely<unknown>) {
      // The claim of record for a (client, key): one row, leased by the replica sending.
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('fingerprint', 'text', (column) => column.notNull())
        .addColumn('owner', 'text')
        .addColumn('lease_until', 'timestamptz')
        .addColumn('outcome', 'jsonb')
        .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('idempotency_keys_expires_at')
        .on('idempotency_keys')
        .column('expires_at')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('idempotency_keys').execute();
    },
  },
  '0003_ledger_indexes_for_pages': {
    async up(db: Kysely<unknown>) {
      // Pages by state (FAILED, UNKNOWN: what needs a look) read only their own entries.
      await db.schema
        .createIndex('ledger_entries_state')
        .on('ledger_entries')
        .columns(['state', 'seq'])
        .execute();
      // User ids are rarely given: their indexes keep only the entries that have one, so most
      // writes skip them.
      for (const column of ['to_user_id', 'from_user_id']) {
        await db.schema.dropIndex(`ledger_entries_${column}`).execute();
        await db.schema
          .createIndex(`ledger_entries_${column}`)
          .on('ledger_entries')
          .columns([column, 'seq'])
          .where(sql.ref(column), 'is not', null)
          .execute();
      }
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('ledger_entries_state').execute();
    },
  },
  '0004_ledger_indexes_for_readers': {
    async up(db: Kysely<unknown>) {
      // A person's token reads by email too, without case: one index per address column, on
      // the expression the reads compare, with seq for "newest first". Only entries that
      // have an address are in them.
      for (const column of ['to_email', 'from_email']) {
        await sql`create index ${sql.id(`ledger_entries_lower_${column}`)}
          on ledger_entries (lower(${sql.ref(column)}), seq)
          where ${sql.ref(column)} is not null`.execute(db);
      }
      // Pages by kind (replies are few among many messages) read only their own entries.
      await db.schema
        .createIndex('ledger_entries_kind')
        .on('ledger_entries')
        .columns(['kind', 'seq'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('ledger_entries_kind').execute();
      for (const column of ['to_email', 'from_email']) {
        await db.schema.dropIndex(`ledger_entries_lower_${column}`).execute();
      }
    },
  },
  '0005_webhook_deliveries': {
    async up(db: Kysely<unknown>) {
      // The webhook notifications published, each until its replay would be refused by age.
      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_expires_at')
        .on('webhook_deliveries')
        .column('expires_at')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('webhook_deliveries').execute();
    },
  },
  '0006_message_batches': {
    async up(db: Kysely<unknown>) {
      // A bulk send: what to send, who asked, and where it stands; `seq` orders the pages.
      await db.schema
        .createTable('message_batches')
        .addColumn('id', 'uuid', (column) => column.primaryKey())
        .addColumn('seq', 'bigserial', (column) => column.notNull().unique())
        .addColumn('client_id', 'text', (column) => column.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('fingerprint', 'text', (column) => column.notNull())
        .addColumn('message', 'jsonb', (column) => column.notNull())
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('total', 'integer', (column) => column.notNull())
        .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .addColumn('started_at', 'timestamptz')
        .addColumn('finished_at', 'timestamptz')
        .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .execute();
      // A client's key names one batch; a client's open batches are counted for its limits.
      await sql`create unique index message_batches_client_key
        on message_batches (client_id, idempotency_key)
        where idempotency_key is not null`.execute(db);
      await db.schema
        .createIndex('message_batches_client_id')
        .on('message_batches')
        .columns(['client_id', 'seq'])
        .execute();
      // One row per recipient: its outcome, written after its ledger entry is settled.
      await db.schema
        .createTable('message_batch_recipients')
        .addColumn('batch_id', 'uuid', (column) =>
          column.notNull().references('message_batches.id').onDelete('cascade'),
        )
        .addColumn('position', 'integer', (column) => column.notNull())
        .addColumn('to_type', 'text', (column) => column.notNull())
        .addColumn('to_id', 'text')
        .addColumn('to_user_id', 'text')
        .addColumn('to_email', 'text')
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('error_code', 'text')
        .addColumn('intercom_error_code', 'text')
        .addColumn('intercom_message_id', 'text')
        .addColumn('conversation_id', 'text')
        .addColumn('updated_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('message_batch_recipients_pk', ['batch_id', 'position'])
        .execute();
      await db.schema
        .createIndex('message_batch_recipients_state')
        .on('message_batch_recipients')
        .columns(['batch_id', 'state', 'position'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('message_batch_recipients').execute();
      await db.schema.dropTable('message_batches').execute();
    },
  },
  '0007_bulk_replicas': {
    async up(db: Kysely<unknown>) {
      // Each replica's heartbeat and the bulk jobs it holds: a replica that stops beating has
      // its jobs taken back by the others, long before the jobs' own lease is over.
      await db.schema
        .createTable('bulk_replicas')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('heartbeat_at', 'timestamptz', (column) => column.notNull())
        .addColumn('jobs', sql`uuid[]`, (column) => column.notNull().defaultTo(sql`'{}'`))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('bulk_replicas').execute();
    },
  },
  '0008_ledger_lean_indexes': {
    async up(db: Kysely<unknown>) {
      // Fewer index entries per send. A send writes its entry, then its outcome; the outcome
      // changes indexed columns, so PostgreSQL writes a new entry into every index of the
      // table (19 in all for a message to a contact named by id, before this). Each index below
      // now keeps only the entries its reads can use: Intercom's id and the resolved contact
      // are unknown while an entry is PENDING (reads ask for a value, never for null); SENT is
      // most entries (a page of SENT reads `seq` and keeps nearly every row); messages are most
      // entries (pages of replies and actions are the ones that need their own index). That
      // message now writes 14. Built in the migration's transaction: the ledger's writes wait
      // for it (2.2 s for a million entries on a server, measured).
      for (const columns of [['intercom_message_id'], ['resolved_contact_id', 'seq']] as const) {
        const [column] = columns;
        const index = `ledger_entries_${column}`;
        await db.schema.dropIndex(index).execute();
        await db.schema
          .createIndex(index)
          .on('ledger_entries')
          .columns([...columns])
          .where(sql.ref(column), 'is not', null)
          .execute();
      }
      await db.schema.dropIndex('ledger_entries_state').execute();
      await db.schema
        .createIndex('ledger_entries_state')
        .on('ledger_entries')
        .columns(['state', 'seq'])
        .where(sql.ref('state'), '!=', 'SENT')
        .execute();
      await db.schema.dropIndex('ledger_entries_kind').execute();
      await db.schema
        .createIndex('ledger_entries_kind')
        .on('ledger_entries')
        .columns(['kind', 'seq'])
        .where(sql.ref('kind'), 'not in', ['ADMIN_MESSAGE', 'USER_MESSAGE'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      for (const [index, columns] of [
        ['ledger_entries_intercom_message_id', ['intercom_message_id']],
        ['ledger_entries_resolved_contact_id', ['resolved_contact_id', 'seq']],
        ['ledger_entries_state', ['state', 'seq']],
        ['ledger_entries_kind', ['kind', 'seq']],
      ] as const) {
        await db.schema.dropIndex(index).execute();
        await db.schema
          .createIndex(index)
          .on('ledger_entries')
          .columns([...columns])
          .execute();
      }
    },
  },
};

export const ledgerMigrations: MigrationProvider = {
  getMigrations: async () => migrations,
};
