import { randomBytes } from 'node:crypto';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { databaseUrl, sql } from '../helpers/postgres';
import { startStack, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/until';

/**
 * Batches follow the ledger's rules: with LEDGER_STORE_BODIES=false a batch's body is kept only
 * while it may still be sent, and finished batches past LEDGER_RETENTION_DAYS are deleted with
 * their recipients, as the ledger's entries are; unfinished ones are kept however old.
 */
const schema = `bulk_upkeep_${randomBytes(4).toString('hex')}`;

const doc = (text: string) => parse(text) as TypedDocumentNode<any, any>;
const SEND = doc(`mutation ($input: BulkAdminMessageInput!) {
  sendBulkAdminMessage(input: $input) { id state } }`);
const GET = doc(`query ($id: ID!) { messageBatch(id: $id) { id state } }`);
const PAUSE = doc(`mutation ($id: ID!) { pauseMessageBatch(id: $id) { state } }`);
const CANCEL = doc(`mutation ($id: ID!) { cancelMessageBatch(id: $id) { state } }`);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    ledger: true,
    env: {
      DATABASE_URL: databaseUrl,
      LEDGER_SCHEMA: schema,
      GATEWAY_AUTH: 'none',
      GATEWAY_RATE_LIMIT: '0',
      LEDGER_STORE_BODIES: 'false',
      LEDGER_RETENTION_DAYS: '90',
      LEDGER_UPKEEP_INTERVAL_MS: '100',
    },
  });
});
afterAll(async () => {
  await stack?.close();
  await sql(`drop schema if exists ${schema} cascade`);
  await sql(`drop schema if exists ${schema}_pgboss cascade`);
});

const batchOf = (count: number, name: string) => ({
  input: {
    messageType: 'IN_APP',
    body: `The secret word is ${name}.`,
    from: { id: '394051' },
    recipients: Array.from({ length: count }, (_, index) => ({
      type: 'USER',
      id: stack.emulator.control.createContact({ email: `${name}${index}@example.com` }).id,
    })),
  },
});

/** Whether the batch's stored message still holds its body, and the rest of it. */
async function storedMessage(id: string): Promise<{ hasBody: boolean; messageType: unknown }> {
  const [row] = await sql(
    `select message ? 'body' as "hasBody", message->>'messageType' as "messageType"
     from ${schema}.message_batches where id = '${id}'`,
  );
  return row as { hasBody: boolean; messageType: unknown };
}

const recipientRows = async (id: string) =>
  Number(
    (
      await sql(
        `select count(*)::int as n from ${schema}.message_batch_recipients where batch_id = '${id}'`,
      )
    )[0]?.n,
  );

it('bodies are kept until the batch is finished; finished batches past the retention go', async () => {
  const finished = (await stack.execute(SEND, batchOf(5, 'done'))).body.data.sendBulkAdminMessage
    .id as string;
  await eventually(
    () => stack.execute(GET, { id: finished }),
    (answer) => answer.body.data?.messageBatch?.state === 'COMPLETED',
  );
  expect(await storedMessage(finished)).toEqual({ hasBody: false, messageType: 'IN_APP' });

  // Slow answers: the second batch is still under way when it is paused.
  stack.emulator.control.addFault({ route: 'POST /messages', latencyMs: 300, times: 100_000 });
  const open = (await stack.execute(SEND, batchOf(30, 'open'))).body.data.sendBulkAdminMessage
    .id as string;
  expect((await stack.execute(PAUSE, { id: open })).body.data.pauseMessageBatch.state).toBe(
    'PAUSED',
  );
  // Paused, it may be resumed: what it sends is still there.
  expect(await storedMessage(open)).toEqual({ hasBody: true, messageType: 'IN_APP' });

  // Both far older than the retention; only the finished one is deleted, recipients with it.
  expect(await recipientRows(finished)).toBe(5);
  await sql(`update ${schema}.message_batches set created_at = now() - interval '100 days',
    finished_at = case when finished_at is null then null else now() - interval '91 days' end`);
  await eventually(
    () => stack.execute(GET, { id: finished }),
    (answer) => answer.body.data?.messageBatch === null,
  );
  expect(await recipientRows(finished)).toBe(0);
  expect((await stack.execute(GET, { id: open })).body.data.messageBatch).toEqual({
    id: open,
    state: 'PAUSED',
  });
  expect(await recipientRows(open)).toBe(30);

  // Cancelled, it sends nothing more: its body goes.
  expect((await stack.execute(CANCEL, { id: open })).body.data.cancelMessageBatch.state).toBe(
    'CANCELLED',
  );
  expect(await storedMessage(open)).toEqual({ hasBody: false, messageType: 'IN_APP' });
});
