import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { apiKeyEnv, jwtEnv, newApiKey, signJwt } from '../helpers/auth';
import { startStack, type Stack } from '../helpers/stack';
import { subscribe, subscriptionClient } from '../helpers/subscriptions';
import { eventually } from '../helpers/until';

/** Bulk sends over HTTP and WebSocket; the emulator's request log is the witness. */

const doc = (text: string) => parse(text) as TypedDocumentNode<any, any>;
const BATCH_FIELDS = 'id state startedAt finishedAt counts { total sent failed unknown pending }';
const SEND = doc(`mutation ($input: BulkAdminMessageInput!) {
  sendBulkAdminMessage(input: $input) { ${BATCH_FIELDS} } }`);
const GET = doc(`query ($id: ID!, $state: MessageState) { messageBatch(id: $id) { ${BATCH_FIELDS}
  messages(first: 20, state: $state) { edges { node { position state errorCode intercomErrorCode intercomMessageId to { id email } } } } } }`);
const LIST = doc(`query { messageBatches(first: 10) { edges { node { id state } } } }`);
const PAUSE = doc(`mutation ($id: ID!) { pauseMessageBatch(id: $id) { ${BATCH_FIELDS} } }`);
const RESUME = doc(`mutation ($id: ID!) { resumeMessageBatch(id: $id) { ${BATCH_FIELDS} } }`);
const CANCEL = doc(`mutation ($id: ID!) { cancelMessageBatch(id: $id) { ${BATCH_FIELDS} } }`);
const PROGRESS = `subscription ($id: ID!) { messageBatchProgress(id: $id) { ${BATCH_FIELDS} } }`;

const sender = newApiKey('bulk-sender', ['messages:bulk']);
const other = newApiKey('other-sender', ['messages:bulk']);
const auditor = newApiKey('auditor', ['messages:read', 'messages:read:any']);
const plain = newApiKey('plain-sender', ['messages:admin']);
const as = (key: { key: string }) => ({ authorization: `Bearer ${key.key}` });

const input = (recipients: unknown[], extra: Record<string, unknown> = {}) => ({
  messageType: 'IN_APP',
  body: 'Your trial ends on Friday.',
  from: { id: '394051' },
  recipients,
  ...extra,
});

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    ledger: true,
    env: {
      ...apiKeyEnv([sender, other, auditor, plain]),
      BULK_MAX_RECIPIENTS: '40',
      BULK_CLIENT_MAX_OPEN_BATCHES: '1',
      // The tests ask for a batch's state as often as they can.
      GATEWAY_RATE_LIMIT: '0',
    },
  });
});
afterAll(() => stack.close());
afterEach(() => stack.emulator.control.clearFaults());

/** New contacts in the emulator, messageable at once: their ids. */
const contacts = (count: number, prefix: string) =>
  Array.from(
    { length: count },
    (_, index) =>
      stack.emulator.control.createContact({ email: `${prefix}${index}@example.com` }).id,
  );

const finished = (id: string, key = sender) =>
  eventually(
    () => stack.execute(GET, { id }, as(key)),
    (answer) => ['COMPLETED', 'CANCELLED'].includes(answer.body.data?.messageBatch?.state),
  );

/** How many messages the emulator received for each recipient id. */
function sendsPerRecipient(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of stack.upstream('POST /messages')) {
    const to = (request.body as { to?: { id?: string } }).to?.id ?? '';
    counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

describe('the whole batch is validated and authorized before anything is sent', () => {
  const refused = async (variables: unknown, headers = as(sender)) => {
    const before = stack.upstream('POST /messages').length;
    const answer = await stack.execute(SEND, variables, headers);
    expect(answer.body.data?.sendBulkAdminMessage ?? null).toBeNull();
    expect(stack.upstream('POST /messages')).toHaveLength(before);
    const [error] = answer.body.errors ?? [];
    if (!error) throw new Error('expected the batch to be refused');
    return error as { message: string; extensions: Record<string, any> };
  };

  it('one bad recipient among good ones: BAD_USER_INPUT naming it, nothing sent', async () => {
    const [good] = contacts(1, 'valid');
    const error = await refused({
      input: input([
        { type: 'USER', id: good },
        { type: 'USER', email: 'not an address' },
        { type: 'USER', id: good, email: 'both@example.com' },
      ]),
    });
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    const fields = error.extensions.fieldErrors.map((field: { field: string }) => field.field);
    expect(fields).toEqual(
      expect.arrayContaining(['input.recipients.1.email', 'input.recipients.2']),
    );
    expect(JSON.stringify(error)).not.toContain('not an address');
  });

  it('no recipients, or more than BULK_MAX_RECIPIENTS: refused before any other rule', async () => {
    const none = await refused({ input: input([]) });
    expect(none.extensions.fieldErrors).toEqual([
      { field: 'input.recipients', message: 'recipients must name at least one contact.' },
    ]);
    const many = Array.from({ length: 41 }, () => ({ type: 'USER', email: 'x' }));
    const tooMany = await refused({ input: input(many) });
    expect(tooMany.extensions.fieldErrors).toEqual([
      {
        field: 'input.recipients',
        message: 'recipients may name at most 40 contacts (BULK_MAX_RECIPIENTS).',
      },
    ]);
  });

  it('an EMAIL without subject: the rules of sendAdminMessage apply', async () => {
    const [good] = contacts(1, 'rules');
    const error = await refused({
      input: input([{ type: 'USER', id: good }], { messageType: 'EMAIL' }),
    });
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    const fields = error.extensions.fieldErrors.map((field: { field: string }) => field.field);
    expect(fields).toEqual(expect.arrayContaining(['input.subject', 'input.template']));
  });

  it('credentials without messages:bulk: FORBIDDEN, nothing sent', async () => {
    const [good] = contacts(1, 'scope');
    const error = await refused({ input: input([{ type: 'USER', id: good }]) }, as(plain));
    expect(error.extensions.code).toBe('FORBIDDEN');
    expect(error.message).toContain('messages:bulk');
  });
});

describe('each recipient is sent exactly once', () => {
  it('duplicates are removed; every recipient gets one message; outcomes are reported', async () => {
    const ids = contacts(25, 'once');
    const unsubscribed = stack.emulator.control.createContact({
      email: 'gone@example.com',
      unsubscribedFromEmails: true,
    }).id;
    const recipients = [
      ...ids.map((id) => ({ type: 'USER', id })),
      { type: 'USER', id: ids[0] },
      { type: 'USER', id: ids[3] },
    ];
    const created = await stack.execute(SEND, { input: input(recipients) }, as(sender));
    const batch = created.body.data.sendBulkAdminMessage;
    expect(batch.state).toBe('QUEUED');
    expect(batch.counts).toEqual({ total: 25, sent: 0, failed: 0, unknown: 0, pending: 25 });
    const done = (await finished(batch.id)).body.data.messageBatch;
    expect(done.state).toBe('COMPLETED');
    expect(done.counts).toEqual({ total: 25, sent: 25, failed: 0, unknown: 0, pending: 0 });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    const perRecipient = sendsPerRecipient();
    for (const id of ids) expect(perRecipient.get(id)).toBe(1);
    expect(done.messages.edges[0].node).toMatchObject({
      position: 0,
      state: 'SENT',
      to: { id: ids[0] },
    });
    expect(done.messages.edges[0].node.intercomMessageId).toEqual(expect.any(String));

    // An email to an unsubscribed contact fails as sendAdminMessage would; a 500 may have sent.
    stack.emulator.control.addFault({
      route: 'POST /messages',
      status: 500,
      times: 1,
      handle: true,
    });
    const mixed = await stack.execute(
      SEND,
      {
        input: input(
          [
            { type: 'USER', id: ids[5] },
            { type: 'USER', id: unsubscribed },
          ],
          { messageType: 'EMAIL', subject: 'Trial', template: 'PLAIN' },
        ),
      },
      as(sender),
    );
    const second = (await finished(mixed.body.data.sendBulkAdminMessage.id)).body.data.messageBatch;
    expect(second.counts).toMatchObject({ total: 2, failed: 1, unknown: 1, sent: 0 });
    const failed = await stack.execute(GET, { id: second.id, state: 'FAILED' }, as(sender));
    expect(failed.body.data.messageBatch.messages.edges.map((edge: any) => edge.node)).toEqual([
      expect.objectContaining({
        state: 'FAILED',
        errorCode: 'RECIPIENT_UNSUBSCRIBED',
        to: { id: unsubscribed, email: null },
      }),
    ]);
    const unknown = await stack.execute(GET, { id: second.id, state: 'UNKNOWN' }, as(sender));
    expect(unknown.body.data.messageBatch.messages.edges[0].node.errorCode).toBe(
      'UPSTREAM_UNAVAILABLE',
    );
  });

  it('the same idempotency key answers the same batch; with another input it is refused', async () => {
    const ids = contacts(2, 'keyed');
    const keyed = input(
      ids.map((id) => ({ type: 'USER', id })),
      { idempotencyKey: 'trial-end-1' },
    );
    const first = (await stack.execute(SEND, { input: keyed }, as(other))).body.data
      .sendBulkAdminMessage;
    await finished(first.id, other);
    const again = await stack.execute(SEND, { input: keyed }, as(other));
    expect(again.body.data.sendBulkAdminMessage.id).toBe(first.id);
    const changed = await stack.execute(SEND, { input: { ...keyed, body: 'Other' } }, as(other));
    expect(changed.body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    for (const id of ids) expect(sendsPerRecipient().get(id)).toBe(1);
  });
});

describe('pause, resume, cancel, limits and visibility', () => {
  it('a paused batch resumes where it stopped; a second open batch is over the limit', async () => {
    const ids = contacts(30, 'paused');
    // Slow answers, so that the batch is still running when it is paused.
    stack.emulator.control.addFault({ route: 'POST /messages', latencyMs: 30, times: 1000 });
    const created = await stack.execute(
      SEND,
      { input: input(ids.map((id) => ({ type: 'USER', id }))) },
      as(sender),
    );
    const id = created.body.data.sendBulkAdminMessage.id;
    await eventually(
      () => stack.execute(GET, { id }, as(sender)),
      (answer) => answer.body.data.messageBatch.counts.sent > 0,
    );
    const paused = await stack.execute(PAUSE, { id }, as(sender));
    expect(paused.body.data.pauseMessageBatch.state).toBe('PAUSED');

    const [extra] = contacts(1, 'limit');
    const before = stack.upstream('POST /messages').length;
    const over = await stack.execute(
      SEND,
      { input: input([{ type: 'USER', id: extra }]) },
      as(sender),
    );
    expect(over.body.errors?.[0]?.extensions?.code).toBe('BULK_LIMIT_EXCEEDED');
    expect(
      stack.upstream('POST /messages').filter((r) => (r.body as any).to?.id === extra),
    ).toHaveLength(0);
    expect(stack.upstream('POST /messages').length).toBeGreaterThanOrEqual(before);

    // Nobody else controls it; resuming twice is a conflict.
    const foreign = await stack.execute(RESUME, { id }, as(other));
    expect(foreign.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    stack.emulator.control.clearFaults();
    const resumed = await stack.execute(RESUME, { id }, as(sender));
    expect(resumed.body.data.resumeMessageBatch.state).toBe('RUNNING');
    const done = (await finished(id)).body.data.messageBatch;
    expect(done.counts).toMatchObject({ total: 30, sent: 30, pending: 0 });
    const perRecipient = sendsPerRecipient();
    for (const contact of ids) expect(perRecipient.get(contact)).toBe(1);
    const again = await stack.execute(RESUME, { id }, as(sender));
    expect(again.body.errors?.[0]?.extensions?.code).toBe('BATCH_STATE_CONFLICT');
  });

  it('a cancelled batch sends nothing more; its creator and messages:read:any see it, others do not', async () => {
    const ids = contacts(30, 'cancelled');
    stack.emulator.control.addFault({ route: 'POST /messages', latencyMs: 30, times: 1000 });
    const created = await stack.execute(
      SEND,
      { input: input(ids.map((id) => ({ type: 'USER', id }))) },
      as(sender),
    );
    const id = created.body.data.sendBulkAdminMessage.id;
    await eventually(
      () => stack.execute(GET, { id }, as(sender)),
      (answer) => answer.body.data.messageBatch.counts.sent > 0,
    );
    const cancelled = (await stack.execute(CANCEL, { id }, as(sender))).body.data
      .cancelMessageBatch;
    expect(cancelled.state).toBe('CANCELLED');
    expect(cancelled.finishedAt).not.toBeNull();
    // Sends under way settle; then the count of messages received is the count of settled ones.
    const settled = await eventually(
      () => stack.execute(GET, { id }, as(sender)),
      (answer) => {
        const counts = answer.body.data.messageBatch.counts;
        const received = ids.filter((contact) => sendsPerRecipient().has(contact)).length;
        return counts.sent + counts.failed + counts.unknown === received;
      },
    );
    expect(settled.body.data.messageBatch.counts.pending).toBeGreaterThan(0);
    const seenBy = async (key: typeof sender) =>
      (await stack.execute(GET, { id }, as(key))).body.data?.messageBatch?.id ?? null;
    expect(await seenBy(sender)).toBe(id);
    expect(await seenBy(auditor)).toBe(id);
    expect(await seenBy(other)).toBeNull();
    const listed = await stack.execute(LIST, {}, as(other));
    expect(listed.body.data.messageBatches.edges.map((edge: any) => edge.node.id)).not.toContain(
      id,
    );
  });
});

describe('messageBatchProgress', () => {
  it('streams counts and ends with the final state; another client is refused', async () => {
    const ids = contacts(20, 'progress');
    stack.emulator.control.addFault({ route: 'POST /messages', latencyMs: 20, times: 1000 });
    const created = await stack.execute(
      SEND,
      { input: input(ids.map((id) => ({ type: 'USER', id }))) },
      as(sender),
    );
    const id = created.body.data.sendBulkAdminMessage.id;

    const stranger = subscriptionClient(stack.gateway.graphqlUrl, {
      authorization: `Bearer ${other.key}`,
    });
    const refused = await subscribe(stranger.client, PROGRESS, { id }).next();
    expect(refused.value.errors[0].extensions.code).toBe('NOT_FOUND');
    await stranger.client.dispose();

    const { client } = subscriptionClient(stack.gateway.graphqlUrl, {
      authorization: `Bearer ${sender.key}`,
    });
    const events: any[] = [];
    for await (const event of subscribe(client, PROGRESS, { id }))
      events.push(event.data.messageBatchProgress);
    await client.dispose();
    const last = events[events.length - 1];
    expect(last.state).toBe('COMPLETED');
    expect(last.counts).toEqual({ total: 20, sent: 20, failed: 0, unknown: 0, pending: 0 });
    expect(events.length).toBeGreaterThan(1);
    const sentSoFar = events.map((event) => event.counts.sent);
    expect([...sentSoFar].sort((a, b) => a - b)).toEqual(sentSoFar);
  });

  it('a JWT sends only as its own admins', async () => {
    const jwtStack = await startStack({ ledger: true, env: jwtEnv() });
    try {
      const token = await signJwt({
        sub: 'ops',
        scope: 'messages:bulk',
        intercom_admin_ids: ['814860'],
      });
      const id = jwtStack.emulator.control.createContact({ email: 'jwt@example.com' }).id;
      const answer = await jwtStack.execute(
        SEND,
        { input: input([{ type: 'USER', id }]) },
        { authorization: `Bearer ${token}` },
      );
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(jwtStack.upstream('POST /messages')).toHaveLength(0);
    } finally {
      await jwtStack.close();
    }
  });
});
