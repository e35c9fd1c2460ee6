import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import {
  killGatewayProcesses,
  startGatewayProcess,
  type GatewayProcess,
} from '../helpers/gateway-process';
import { eventually, until } from '../helpers/until';

/**
 * The built gateway on an embedded ledger folder, killed with SIGKILL in the middle of a batch,
 * then started again on the same folder: the batch goes on by itself, no recipient gets two
 * messages, and every recipient ends SENT, FAILED or UNKNOWN (one whose send may have reached
 * Intercom when the process died).
 */
const RECIPIENTS = 120;
const dataDir = mkdtempSync(join(tmpdir(), 'bulk-crash-'));

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  killGatewayProcesses();
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const gatewayOn = (): Promise<GatewayProcess> =>
  startGatewayProcess({
    LOG_LEVEL: 'info',
    GATEWAY_AUTH: 'none',
    GATEWAY_RATE_LIMIT: '0',
    INTERCOM_BASE_URL: emulator.url,
    INTERCOM_ACCESS_TOKEN: emulator.accessToken,
    INTERCOM_TIMEOUT_MS: '3000',
    IDEMPOTENCY_LEASE_MS: '1000',
    LEDGER_DATA_DIR: dataDir,
  });

const BATCH = `query ($id: ID!, $after: String) { messageBatch(id: $id) {
  state counts { total sent failed unknown pending }
  messages(first: 60, after: $after) { edges { cursor node { state errorCode to { id } } } pageInfo { hasNextPage endCursor } } } }`;

/** Messages the emulator received, per recipient id. */
function receivedPerRecipient(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of emulator.control.requests('POST /messages')) {
    const to = (request.body as { to?: { id?: string } }).to?.id ?? '';
    counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

it('a batch killed mid-way resumes on restart with no duplicates and no loss', async () => {
  const ids = Array.from(
    { length: RECIPIENTS },
    (_, index) => emulator.control.createContact({ email: `crash${index}@example.com` }).id,
  );
  // Slow answers: the batch is well under way, not finished, when the process is killed.
  emulator.control.addFault({ route: 'POST /messages', latencyMs: 25, times: 100_000 });
  let gateway = await gatewayOn();
  const created = await gateway.graphql(
    `mutation ($input: BulkAdminMessageInput!) { sendBulkAdminMessage(input: $input) { id } }`,
    {
      input: {
        messageType: 'IN_APP',
        body: 'Your trial ends on Friday.',
        from: { id: '394051' },
        recipients: ids.map((id) => ({ type: 'USER', id })),
      },
    },
  );
  const id = created.body.data.sendBulkAdminMessage.id as string;
  await until(() => emulator.control.requests('POST /messages').length >= 20);
  gateway.child.kill('SIGKILL');
  await gateway.exited();
  const receivedAtKill = emulator.control.requests('POST /messages').length;
  expect(receivedAtKill).toBeLessThan(RECIPIENTS);

  gateway = await gatewayOn();
  const done = await eventually(
    () => gateway.graphql(BATCH, { id }),
    (answer) => answer.body.data?.messageBatch?.state === 'COMPLETED',
  );
  const counts = done.body.data.messageBatch.counts;
  expect(counts.total).toBe(RECIPIENTS);
  expect(counts.pending).toBe(0);
  expect(counts.sent + counts.failed + counts.unknown).toBe(RECIPIENTS);
  expect(counts.failed).toBe(0);

  // Every recipient: at most one message; SENT ones exactly one.
  const received = receivedPerRecipient();
  for (const contact of ids) expect(received.get(contact) ?? 0).toBeLessThanOrEqual(1);
  const states = new Map<string, string>();
  let after: string | null = null;
  for (;;) {
    const page: any = (await gateway.graphql(BATCH, { id, after })).body.data.messageBatch.messages;
    for (const edge of page.edges) states.set(edge.node.to.id, edge.node.state);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(states.size).toBe(RECIPIENTS);
  for (const contact of ids) {
    if (states.get(contact) === 'SENT') expect(received.get(contact)).toBe(1);
    else expect(states.get(contact)).toBe('UNKNOWN');
  }
  // The restarted process sent what was left: more than what had been received at the kill.
  expect(emulator.control.requests('POST /messages').length).toBeGreaterThan(receivedAtKill);
  await gateway.stop();
}, 120_000);
