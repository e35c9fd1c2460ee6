import type { LedgerEntryStart, MessageLedger } from '../../src/ledger/ledger.model';
import { LedgerRecorder } from '../../src/ledger/ledger-recorder';
import { until } from '../helpers/until';

/**
 * Outcomes written behind their answers are bounded: with the database slower than the sends,
 * past `backlogMax` outcomes on their way, an answer waits for its own outcome.
 */
const entry: LedgerEntryStart = {
  kind: 'ADMIN_MESSAGE',
  clientId: 'key:bound',
  idempotencyKey: null,
  from: { type: 'admin', id: '1', userId: null, email: null },
  to: { type: 'USER', id: '2', userId: null, email: null },
  messageType: 'IN_APP',
  subject: null,
  body: 'Bounded',
  conversationId: null,
};

it('answers at once while few outcomes are on their way, and holds the next answer back past the bound', async () => {
  // A database that takes entries at once and holds every outcome until it is let go.
  const held: Array<() => void> = [];
  const ledger = {
    begin: async () => ({ id: `entry-${held.length}` }),
    settle: () => new Promise<void>((resolve) => held.push(resolve)),
    ended: () => undefined,
  } as unknown as MessageLedger;
  const recorder = new LedgerRecorder(ledger, {
    storeBodies: true,
    required: false,
    outcomeBeforeAnswer: false,
    backlogMax: 2,
    available: () => true,
    isRowError: () => false,
    onFailure: () => undefined,
  });
  let sends = 0;
  const send = () =>
    recorder.run(
      entry,
      async () => (sends += 1),
      () => sentOutcome,
    );

  // Two answers while their outcomes are held: at the bound.
  await send();
  await send();
  expect(held).toHaveLength(2);

  const events: string[] = [];
  const third = send().then(() => events.push('third answered'));
  await until(() => held.length === 3);
  // One more turn of the event loop: an answer that did not wait would be in by now.
  await new Promise((turn) => setImmediate(turn));
  events.push('its outcome written');
  held[2]?.();
  await third;
  expect(events).toEqual(['its outcome written', 'third answered']);
  expect(sends).toBe(3);
  for (const release of held) release();
});

const sentOutcome = {
  state: 'SENT',
  intercomMessageId: 'm-1',
  conversationId: null,
  resolvedContactId: '2',
} as const;
