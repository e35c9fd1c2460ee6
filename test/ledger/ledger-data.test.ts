import {
  SendAdminMessageDocument,
  SendUserMessageDocument,
  SentMessageDocument,
  SentMessagesDocument,
} from '../../generated/graphql/graphql';
import { loadConfig } from '../../src/config';
import { SEED } from '../../src/emulator';
import type { LedgerEntryStart, MessageLedger } from '../../src/ledger/ledger.model';
import { createLogger } from '../../src/logger';
import { openLedger } from '../../src/store/ledger/open-ledger';
import { LogCapture } from '../helpers/log-capture';
import { startStack, type Stack } from '../helpers/stack';

/** What the ledger stores (PGlite in memory): the contact a send resolved, and any text safely. */

describe('over HTTP', () => {
  let stack: Stack;
  const logs = new LogCapture();
  beforeAll(async () => {
    stack = await startStack({ ledger: true, logger: createLogger('info', logs) });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.control.reset());

  const byContact = async (contactId: string) => {
    const answer = await stack.execute(SentMessagesDocument, { first: 5, filter: { contactId } });
    return answer.body.data?.messages.edges.map((edge) => edge.node) ?? [];
  };

  it('records the contact id it resolved for a send by email: the contact filter finds it', async () => {
    // Intercom's "Plato Quote" example: the user named by email, resolved by a contact search.
    const sent = await stack.execute(SendAdminMessageDocument, {
      input: {
        messageType: 'EMAIL',
        subject: 'Plato',
        body: 'The unexamined life is not worth living.',
        template: 'PLAIN',
        from: { id: SEED.admins.zoe.id },
        to: { type: 'USER', email: SEED.users.socrates.email },
      },
    });
    expect(sent.body.errors).toBeUndefined();
    const [entry] = await byContact(SEED.users.socrates.id);
    expect(entry).toMatchObject({
      intercomMessageId: sent.body.data?.sendAdminMessage.id,
      resolvedContactId: SEED.users.socrates.id,
      // The recipient as the request named it.
      to: { type: 'USER', id: null, email: SEED.users.socrates.email },
    });
  });

  it('records it for a lead named by user id, and for a user message from a user id', async () => {
    const toLead = await stack.execute(SendAdminMessageDocument, {
      input: {
        messageType: 'IN_APP',
        body: 'Welcome, curious lead',
        from: { id: SEED.admins.wash.id },
        to: { type: 'LEAD', userId: SEED.lead.externalId },
      },
    });
    expect((await byContact(SEED.lead.id))[0]).toMatchObject({
      intercomMessageId: toLead.body.data?.sendAdminMessage.id,
      resolvedContactId: SEED.lead.id,
    });
    const fromUser = await stack.execute(SendUserMessageDocument, {
      input: { from: { type: 'USER', userId: SEED.users.glaucon.externalId }, body: 'Hello' },
    });
    expect((await byContact(SEED.users.glaucon.id))[0]).toMatchObject({
      intercomMessageId: fromUser.body.data?.sendUserMessage.id,
      kind: 'USER_MESSAGE',
      resolvedContactId: SEED.users.glaucon.id,
    });
  });

  it('answers null for a 36-character id that is not a UUID, and logs no error', async () => {
    for (const id of ['-'.repeat(36), 'z'.repeat(36), 'F'.repeat(36)]) {
      const answer = await stack.execute(SentMessageDocument, { id });
      expect(answer.body).toEqual({ data: { message: null } });
    }
    expect(logs.entries().filter((line) => line.level >= 50)).toEqual([]);
  });

  it('keeps the entry when Intercom answers U+0000 in its error code (which, not an identifier, is not kept)', async () => {
    stack.emulator.control.addFault({
      route: 'POST /messages',
      status: 422,
      body: {
        type: 'error.list',
        request_id: 'req\u0000nul',
        errors: [{ code: 'odd\u0000code', message: 'Refused' }],
      },
    });
    const refused = await stack.execute(SendAdminMessageDocument, {
      input: {
        messageType: 'IN_APP',
        body: 'Refused upstream',
        from: { id: SEED.admins.wash.id },
        to: { type: 'USER', id: SEED.users.ponies.id },
      },
    });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_REJECTED');
    const failed = await stack.execute(SentMessagesDocument, {
      first: 1,
      filter: { state: 'FAILED' },
    });
    expect(failed.body.data?.messages.edges[0]?.node).toMatchObject({
      body: 'Refused upstream',
      errorCode: 'IntercomRejectedError',
    });
  });
});

describe('the ledger itself, on every write path', () => {
  let ledger: MessageLedger;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const config = loadConfig({ LEDGER_DATA_DIR: 'memory://' });
    ({ ledger, close } = await openLedger(config.ledger, config));
  });
  afterAll(() => close());

  const start = (body: string): LedgerEntryStart => ({
    kind: 'ADMIN_MESSAGE',
    clientId: 'key:nul\u0000client',
    idempotencyKey: 'key\u0000one',
    from: { type: 'admin', id: SEED.admins.wash.id, userId: null, email: null },
    to: { type: 'USER', id: null, userId: 'user\u0000id', email: 'nul\u0000@example.com' },
    messageType: 'IN_APP',
    subject: 'sub\u0000ject',
    body,
    conversationId: null,
  });

  it('replaces U+0000 with U+FFFD in entries begun, recorded and settled one by one or in a batch', async () => {
    const [one, two, three] = await Promise.all([
      ledger.begin(start('one\u0000')),
      ledger.begin(start('two\u0000')),
      ledger.begin(start('three\u0000')),
    ]);
    // Settled in the same turn: one statement, the outcomes as one jsonb parameter.
    await Promise.all([
      ledger.settle(one!, {
        state: 'SENT',
        intercomMessageId: 'm\u00001',
        conversationId: 'c\u00001',
        resolvedContactId: 'contact\u00001',
      }),
      ledger.settle(two!, {
        state: 'FAILED',
        errorCode: 'code\u0000two',
        intercomRequestId: 'req\u0000two',
      }),
    ]);
    // Alone: an UPDATE of its own.
    await ledger.settle(three!, {
      state: 'UNKNOWN',
      errorCode: 'code\u0000three',
      intercomRequestId: null,
    });
    await ledger.record(start('four\u0000'), new Date(), {
      state: 'SENT',
      intercomMessageId: 'm\u00004',
      conversationId: null,
      resolvedContactId: null,
    });

    const entries = (await ledger.page({ all: true }, {}, 10, null)).entries;
    expect(entries.map((entry) => entry.body)).toEqual([
      'four\uFFFD',
      'three\uFFFD',
      'two\uFFFD',
      'one\uFFFD',
    ]);
    expect(entries[3]).toMatchObject({
      clientId: 'key:nul\uFFFDclient',
      idempotencyKey: 'key\uFFFDone',
      subject: 'sub\uFFFDject',
      to: { userId: 'user\uFFFDid', email: 'nul\uFFFD@example.com' },
      intercomMessageId: 'm\uFFFD1',
      conversationId: 'c\uFFFD1',
      resolvedContactId: 'contact\uFFFD1',
    });
    expect(entries[2]).toMatchObject({
      errorCode: 'code\uFFFDtwo',
      intercomRequestId: 'req\uFFFDtwo',
    });
    expect(entries[1]).toMatchObject({ errorCode: 'code\uFFFDthree' });
    expect(entries[0]).toMatchObject({ intercomMessageId: 'm\uFFFD4' });

    expect(await ledger.rememberConversation('m\u00004', 'conversation\u0000')).toBe(true);
    expect(await ledger.find('m\u00004', { all: true })).toMatchObject({
      conversationId: 'conversation\uFFFD',
    });
    // A reader's own claims are compared as the ledger stores them, never refused.
    const person = { contactId: null, userId: 'user\u0000id', email: 'NUL\u0000@example.com' };
    const mine = await ledger.page({ all: false, adminIds: [], person }, {}, 10, null);
    expect(mine.entries).toHaveLength(4);
  });

  it('keeps text that could end a quoted SQL constant exactly as given, begun and settled one by one or in a batch', async () => {
    const bodies = [
      '$v$',
      'ends in $v',
      '$v$ $v1$ $v2$',
      "'); drop table ledger_entries; --",
      '$v$); drop table ledger_entries; --',
      'back\\slash "quote" {braces,comma}',
    ];
    const tickets = await Promise.all(bodies.map((body) => ledger.begin(start(body))));
    await Promise.all(
      tickets.map((ticket, index) =>
        ledger.settle(ticket!, {
          state: 'SENT',
          intercomMessageId: `quoted-${index}$v$'`,
          conversationId: null,
          resolvedContactId: '"contact"\\',
        }),
      ),
    );
    const alone = await ledger.begin(start('alone $v$'));
    await ledger.settle(alone!, { state: 'FAILED', errorCode: "$v$'", intercomRequestId: null });

    const entries = (await ledger.page({ all: true }, {}, 20, null)).entries;
    expect(entries.slice(0, bodies.length + 1).map((entry) => entry.body)).toEqual([
      'alone $v$',
      ...[...bodies].reverse(),
    ]);
    expect(entries[0]).toMatchObject({ state: 'FAILED', errorCode: "$v$'" });
    expect(await ledger.find(`quoted-0$v$'`, { all: true })).toMatchObject({
      body: '$v$',
      state: 'SENT',
      resolvedContactId: '"contact"\\',
    });
  });
});
