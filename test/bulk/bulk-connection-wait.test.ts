import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { SEED } from '../../src/emulator';
import { apiKeyEnv, newApiKey } from '../helpers/auth';
import { startStack, type Stack } from '../helpers/stack';
import { eventually, until } from '../helpers/until';

/**
 * A bulk send that finds every connection to Intercom busy until its time runs out was never
 * written: its slice is tried again later, and its recipient is sent then, never FAILED.
 */
const doc = (text: string) => parse(text) as TypedDocumentNode<any, any>;
const FIELDS = 'id state counts { total sent failed unknown pending }';
const SEND_BULK = doc(`mutation ($input: BulkAdminMessageInput!) {
  sendBulkAdminMessage(input: $input) { ${FIELDS} } }`);
const GET = doc(`query ($id: ID!) { messageBatch(id: $id) { ${FIELDS} } }`);
const SEND = doc(
  `mutation ($input: SendAdminMessageInput!) { sendAdminMessage(input: $input) { id } }`,
);

const sender = newApiKey('bulk-sender', ['messages:bulk', 'messages:admin', 'messages:read']);
const as = { authorization: `Bearer ${sender.key}` };
const live = {
  messageType: 'IN_APP',
  body: 'Live traffic',
  from: { id: '394051' },
  to: { type: 'USER', id: SEED.users.ponies.id },
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    ledger: true,
    env: {
      ...apiKeyEnv([sender]),
      INTERCOM_MAX_CONNECTIONS: '1',
      // A call waits for a connection at most 3 s (its 4 s less the 1 s an exchange needs).
      INTERCOM_TIMEOUT_MS: '4000',
      GATEWAY_RATE_LIMIT: '0',
      // Claims outlive no pause: the slice tried again reads each recipient's ledger entry first,
      // and an entry of a send that found no connection must not count as its outcome.
      IDEMPOTENCY_TTL_SECONDS: '1',
    },
  });
});
afterAll(() => stack.close());

it('recipients whose sends found no free connection are sent later, each once', async () => {
  // One answer first: it tells the quota pacer the window, so the pacer lets calls overlap.
  expect((await stack.execute(SEND, { input: live }, as)).body.errors).toBeUndefined();
  const ids = [1, 2].map(
    (index) => stack.emulator.control.createContact({ email: `wait${index}@example.com` }).id,
  );
  const before = stack.upstream('POST /messages').length;

  // Live traffic holds the only connection for 4 s: the batch's first sends cannot get it.
  stack.emulator.control.addFault({ route: 'POST /messages', action: 'hang', handle: true });
  const held = stack.execute(SEND, { input: live }, as);
  await until(() => stack.upstream('POST /messages').length === before + 1);
  const created = await stack.execute(
    SEND_BULK,
    {
      input: {
        messageType: 'IN_APP',
        body: 'Your trial ends on Friday.',
        from: { id: '394051' },
        recipients: ids.map((id) => ({ type: 'USER', id })),
      },
    },
    as,
  );
  expect(created.body.errors).toBeUndefined();
  const { id } = created.body.data.sendBulkAdminMessage;
  await held;

  const done = await eventually(
    () => stack.execute(GET, { id }, as),
    (answer) => answer.body.data?.messageBatch?.state === 'COMPLETED',
  );
  expect(done.body.data.messageBatch.counts).toEqual({
    total: 2,
    sent: 2,
    failed: 0,
    unknown: 0,
    pending: 0,
  });
  const sentTo = stack
    .upstream('POST /messages')
    .map((request) => (request.body as { to?: { id?: string } }).to?.id);
  for (const contact of ids) expect(sentTo.filter((to) => to === contact)).toHaveLength(1);
}, 60_000);
