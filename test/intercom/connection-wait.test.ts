import { SEED } from '../../src/emulator';
import {
  SendAdminMessageDocument,
  type SendAdminMessageInput,
} from '../../generated/graphql/graphql';
import { startStack, type Stack } from '../helpers/stack';
import { metricValue } from '../helpers/metrics';
import { eventually, until } from '../helpers/until';

/**
 * With every connection to Intercom busy, a call waits for one only as long as its deadline
 * allows, and a call that never got one wrote nothing: it is answered as certainly not sent.
 */
const input: SendAdminMessageInput = {
  messageType: 'IN_APP',
  body: 'Ponies, cute small horses or something more sinister?',
  from: { id: '394051' },
  to: { type: 'USER', id: SEED.users.ponies.id },
};

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    env: { INTERCOM_MAX_CONNECTIONS: '1', INTERCOM_TIMEOUT_MS: '3000' },
  });
});
afterAll(() => stack.close());

it('a send that finds no free connection before its deadline: UPSTREAM_TIMEOUT, not sent, never written', async () => {
  // One answer first: it tells the quota pacer the window, so the pacer lets calls overlap.
  expect((await stack.execute(SendAdminMessageDocument, { input })).body.errors).toBeUndefined();
  stack.emulator.control.reset();
  // The only connection hangs on the first send until that send's deadline.
  stack.emulator.control.addFault({ route: 'POST /messages', action: 'hang', handle: true });
  const first = stack.execute(SendAdminMessageDocument, { input });
  // The second is made once the first holds the connection (the emulator has it). It waits at
  // most its 3 s less the 750 ms an exchange needs; the first holds the connection for 3 s.
  await until(() => stack.upstream('POST /messages').length === 1);
  const second = await stack.execute(SendAdminMessageDocument, { input });

  expect(second.body.errors?.[0]?.extensions).toMatchObject({
    code: 'UPSTREAM_TIMEOUT',
    mayHaveBeenSent: false,
  });
  expect(second.body.errors?.[0]?.message).toMatch(/connection to Intercom was busy/);
  const firstAnswer = await first;
  expect(firstAnswer.body.errors?.[0]?.extensions).toMatchObject({
    code: 'UPSTREAM_TIMEOUT',
    mayHaveBeenSent: true,
  });
  // Only the first send was ever written to Intercom.
  expect(stack.upstream('POST /messages')).toHaveLength(1);

  // The connection is free again: the next send goes.
  const third = await stack.execute(SendAdminMessageDocument, { input });
  expect(third.body.errors).toBeUndefined();
});

it('a shutdown past its grace answers a send waiting for a connection as not sent, and writes nothing more', async () => {
  const stopping = await startStack({
    env: {
      INTERCOM_MAX_CONNECTIONS: '1',
      INTERCOM_TIMEOUT_MS: '60000',
      GATEWAY_SHUTDOWN_GRACE_MS: '100',
    },
  });
  expect((await stopping.execute(SendAdminMessageDocument, { input })).body.errors).toBeUndefined();
  const before = stopping.upstream('POST /messages').length;
  stopping.emulator.control.addFault({ route: 'POST /messages', latencyMs: 600_000, times: 1 });
  const held = stopping.execute(SendAdminMessageDocument, { input });
  await until(() => stopping.upstream('POST /messages').length === before + 1);
  const waiting = stopping.execute(SendAdminMessageDocument, { input });
  // The second waits for the connection the first holds before the shutdown begins.
  await eventually(
    () => metricValue(stopping, 'gateway_intercom_calls_waiting'),
    (waiting) => waiting === 1,
  );
  const closed = stopping.close();

  expect((await held).body.errors?.[0]?.extensions).toMatchObject({
    code: 'UPSTREAM_TIMEOUT',
    mayHaveBeenSent: true,
  });
  expect((await waiting).body.errors?.[0]?.extensions).toMatchObject({
    code: 'UPSTREAM_UNAVAILABLE',
    mayHaveBeenSent: false,
  });
  await closed;
  expect(stopping.upstream('POST /messages')).toHaveLength(before + 1);
});
