import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { SEED } from '../../src/emulator';
import type { LedgerEntryStart, MessageLedger } from '../../src/ledger/ledger.model';
import { KyselyMessageLedger } from '../../src/store/ledger/kysely-ledger';
import { openLedger, type LedgerStores } from '../../src/store/ledger/open-ledger';

/**
 * The ledger's batched writes (PGlite in memory): new entries and outcomes of one turn share a
 * statement, text travels whole, and one bad row fails alone.
 */
describe("the ledger's batched writes", () => {
  let ledger: MessageLedger;
  let db: LedgerStores['db'];
  beforeAll(async () => {
    const config = loadConfig({ LEDGER_DATA_DIR: 'memory://' });
    ({ ledger, db } = await openLedger(config.ledger, config));
  });
  afterAll(() => ledger.close());

  const start = (body: string, toId: string = SEED.users.ponies.id): LedgerEntryStart => ({
    kind: 'ADMIN_MESSAGE',
    clientId: 'key:writes',
    idempotencyKey: null,
    from: { type: 'admin', id: SEED.admins.wash.id, userId: null, email: null },
    to: { type: 'USER', id: toId, userId: null, email: null },
    messageType: 'IN_APP',
    subject: null,
    body,
    conversationId: null,
  });
  const sent = (intercomMessageId: string) =>
    ({
      state: 'SENT',
      intercomMessageId,
      conversationId: null,
      resolvedContactId: SEED.users.ponies.id,
    }) as const;
  const entryOf = async (intercomMessageId: string) =>
    ledger.find(intercomMessageId, { all: true });

  it('writes an entry begun and another settled in the same turn, each as asked', async () => {
    const first = await ledger.begin(start('settled beside a new entry'));
    const [second] = await Promise.all([
      ledger.begin(start('begun beside an outcome')),
      ledger.settle(first, sent('writes-1')),
    ]);
    expect(await entryOf('writes-1')).toMatchObject({
      id: first.id,
      state: 'SENT',
      body: 'settled beside a new entry',
      resolvedContactId: SEED.users.ponies.id,
    });
    const page = await ledger.page({ all: true }, { state: 'PENDING' }, 10, null);
    expect(page.entries.map((entry) => entry.id)).toContain(second.id);
  });

  it('keeps text with a lone surrogate, which becomes U+FFFD', async () => {
    const ticket = await ledger.begin(start('half \uD83D of a pair, and \uDE00'));
    await ledger.settle(ticket, sent('writes-\uD800'));
    expect(await entryOf('writes-\uFFFD')).toMatchObject({
      id: ticket.id,
      body: 'half \uFFFD of a pair, and \uFFFD',
    });
  });

  it('fails one bad row alone: the other writes of its statement are kept', async () => {
    const earlier = await ledger.begin(start('settled beside a bad row'));
    // Random text past the largest index entry PostgreSQL keeps (SQLSTATE 54000).
    const unindexable = randomBytes(6000).toString('hex');
    const [bad, innocent, settled] = await Promise.allSettled([
      ledger.begin(start('too large to index', unindexable)),
      ledger.begin(start('innocent beside a bad row')),
      ledger.settle(earlier, sent('writes-3')),
    ]);
    expect(bad.status).toBe('rejected');
    expect(innocent.status).toBe('fulfilled');
    expect(settled.status).toBe('fulfilled');
    expect(await entryOf('writes-3')).toMatchObject({ id: earlier.id, state: 'SENT' });
    const page = await ledger.page({ all: true }, { state: 'PENDING' }, 10, null);
    expect(page.entries.map((entry) => entry.body)).toContain('innocent beside a bad row');
    expect(page.entries.map((entry) => entry.body)).not.toContain('too large to index');
  });

  it('writes an entry the database lost again whole, from its outcome', async () => {
    // As on a PostgreSQL server: a new entry written without waiting for the disk.
    const server = new KyselyMessageLedger(db, 60_000, { server: true });
    const ticket = await server.begin(start('lost before its outcome'), { durable: false });
    // What a crash of the server leaves of an entry it had not yet put on its disk.
    await db.deleteFrom('ledger_entries').where('id', '=', ticket.id).execute();
    expect(await ledger.find(ticket.id, { all: true })).toBeNull();
    await server.settle(ticket, sent('writes-lost'), 'soon');
    expect(await entryOf('writes-lost')).toMatchObject({
      id: ticket.id,
      state: 'SENT',
      kind: 'ADMIN_MESSAGE',
      body: 'lost before its outcome',
      resolvedContactId: SEED.users.ponies.id,
    });
  });

  it('lets a reader see an outcome nobody waited for, as soon as it is asked', async () => {
    const ticket = await ledger.begin(start('read right after'), { durable: false });
    void ledger.settle(ticket, sent('writes-soon'), 'soon');
    expect(await entryOf('writes-soon')).toMatchObject({ id: ticket.id, state: 'SENT' });
  });

  it('keeps the entry of a send that outlasts its lease PENDING while its sender lives', async () => {
    // A short lease: a send that waits longer (a bulk send waiting for its share of the quota).
    const sender = new KyselyMessageLedger(db, 400);
    const leaseOf = async (id: string) => {
      const row = await db
        .selectFrom('ledger_entries')
        .select('lease_expires_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return row.lease_expires_at === null ? null : new Date(row.lease_expires_at).getTime();
    };
    try {
      const ticket = await sender.begin(start('waits longer than its lease'));
      const first = (await leaseOf(ticket.id)) as number;
      // Renewed by its sender before it runs out (every quarter lease, once half of it is gone).
      let renewed = first;
      const giveUpAt = Date.now() + 5_000;
      while (renewed === first && Date.now() < giveUpAt) {
        await new Promise((wake) => setTimeout(wake, 25));
        renewed = (await leaseOf(ticket.id)) as number;
      }
      expect(renewed).toBeGreaterThan(first);
      // Another replica's upkeep, past the first lease: the entry is not given up.
      expect(await ledger.expireAbandoned(new Date(first + 1))).toBe(0);
      expect(await ledger.find(ticket.id, { all: true })).toMatchObject({ state: 'PENDING' });
      await sender.settle(ticket, sent('writes-renewed'));
      expect(await entryOf('writes-renewed')).toMatchObject({ id: ticket.id, state: 'SENT' });
      expect(await leaseOf(ticket.id)).toBeNull();
    } finally {
      await sender.written();
    }
  });

  it('clears the error of an entry given up as UNKNOWN when its outcome comes late: SENT', async () => {
    const ticket = await ledger.begin(start('outcome after the lease'));
    // The upkeep of a replica that saw the lease run out.
    await ledger.expireAbandoned(new Date(Date.now() + 86_400_000));
    expect(await ledger.find(ticket.id, { all: true })).toMatchObject({
      state: 'UNKNOWN',
      errorCode: 'ABANDONED',
    });
    await ledger.settle(ticket, sent('writes-late'));
    expect(await entryOf('writes-late')).toMatchObject({
      id: ticket.id,
      state: 'SENT',
      errorCode: null,
    });
  });
});
