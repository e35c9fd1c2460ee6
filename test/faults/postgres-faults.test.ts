import { Client } from 'pg';
import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';
import {
  killGatewayProcesses,
  startGatewayProcess,
  type GatewayProcess,
} from '../helpers/gateway-process';
import { startPgCluster, type PgCluster } from '../helpers/pg-cluster';
import { eventually, until } from '../helpers/until';

/**
 * The ledger on a PostgreSQL server of the suite's own, which the tests stop, kill and freeze
 * under concurrent sends: the gateway stays up, answers every send within the deadline, tells
 * the truth on /readyz, and every send it answered is in the ledger once the server is back.
 */
let emulator: RunningEmulator;
let cluster: PgCluster;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  cluster = await startPgCluster();
});
afterAll(async () => {
  killGatewayProcesses();
  cluster?.destroy();
  await emulator?.close();
});

const SEND = `mutation Send($input: SendAdminMessageInput!) {
  sendAdminMessage(input: $input) { id }
}`;
const input = (body: string, idempotencyKey?: string) => ({
  input: {
    messageType: 'IN_APP',
    body,
    from: { id: SEED.admins.wash.id },
    to: { type: 'USER', id: SEED.users.ponies.id },
    ...(idempotencyKey ? { idempotencyKey } : {}),
  },
});

let schemaCount = 0;
/** A gateway on the cluster, in a schema of its own (so each test reads only its sends). */
async function gatewayOnCluster(env: Record<string, string> = {}): Promise<{
  gateway: GatewayProcess;
  schema: string;
}> {
  schemaCount += 1;
  const schema = `faults_${schemaCount}`;
  const gateway = await startGatewayProcess({
    LOG_LEVEL: 'warn',
    GATEWAY_AUTH: 'none',
    INTERCOM_BASE_URL: emulator.url,
    INTERCOM_ACCESS_TOKEN: emulator.accessToken,
    INTERCOM_MAX_RETRIES: '0',
    DATABASE_URL: cluster.url,
    LEDGER_SCHEMA: schema,
    DATABASE_TIMEOUT_MS: '1000',
    // Six senders as fast as the gateway answers: the faults, not the client budget, are tested.
    GATEWAY_RATE_LIMIT: '0',
    ...env,
  });
  return { gateway, schema };
}

/** The Intercom message ids the ledger holds in `schema`, straight from the server. */
async function ledgerMessageIds(schema: string): Promise<string[]> {
  const client = new Client({ connectionString: cluster.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `select intercom_message_id as id from ${schema}.ledger_entries where intercom_message_id is not null`,
    );
    return rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}

const ledgerIs = (gateway: GatewayProcess, state: 'ok' | 'failing') =>
  eventually(
    () => gateway.readyz(),
    ({ body }) =>
      body.ledger === state && (state === 'failing' || body.ledgerBacklog === undefined),
  );

describe.each(['fast', 'immediate'] as const)('a server stopped (-m %s) under load', (mode) => {
  it('keeps the gateway up, and every answered send reaches the ledger once it is back', async () => {
    const { gateway, schema } = await gatewayOnCluster();
    const answered: string[] = [];
    const refused: unknown[] = [];
    let sending = true;
    const sender = async (lane: number) => {
      for (let index = 0; sending; index += 1) {
        const { body } = await gateway.graphql(SEND, input(`lane ${lane} send ${index}`));
        if (body.data?.sendAdminMessage) answered.push(body.data.sendAdminMessage.id);
        else refused.push(body.errors);
      }
    };
    const senders = [1, 2, 3, 4, 5, 6].map(sender);
    await until(() => answered.length >= 30);
    cluster.stop(mode);
    const atStop = answered.length;
    const failing = await ledgerIs(gateway, 'failing');
    expect(failing.status).toBe(200);
    expect(failing.body.status).toBe('degraded');
    await until(() => answered.length >= atStop + 30 || refused.length > 0);
    cluster.start();
    await ledgerIs(gateway, 'ok');
    sending = false;
    await Promise.all(senders);

    // LEDGER_REQUIRED=false: every send went on through the outage, and the process lives.
    expect(refused).toEqual([]);
    expect(gateway.child.exitCode).toBeNull();
    await ledgerIs(gateway, 'ok');
    // Outcomes are written right behind their answers: the last ones within milliseconds.
    const recorded = await eventually(
      () => ledgerMessageIds(schema),
      (ids) => ids.length >= answered.length,
    );
    expect([...recorded].sort()).toEqual([...answered].sort());
    await gateway.stop();
  });
});

describe('a frozen server (every process stopped with SIGSTOP)', () => {
  it('costs a send at most the deadline, shows on /readyz, and recovers by itself', async () => {
    const { gateway, schema } = await gatewayOnCluster();
    const before = await gateway.graphql(SEND, input('before the freeze'));
    cluster.freeze();
    try {
      // Each answers although the server never will (until it is thawed below).
      const plain = await gateway.graphql(SEND, input('plain, frozen'));
      const keyed = await gateway.graphql(SEND, input('keyed, frozen', 'frozen-key-1'));
      expect(plain.body.errors).toBeUndefined();
      expect(keyed.body.errors).toBeUndefined();
      const failing = await ledgerIs(gateway, 'failing');
      expect(failing.body.ledgerBacklog).toBeGreaterThanOrEqual(2);
      const answered = [before, plain, keyed].map(({ body }) => body.data.sendAdminMessage.id);
      cluster.thaw();
      await ledgerIs(gateway, 'ok');
      const recorded = await eventually(
        () => ledgerMessageIds(schema),
        (ids) => ids.length >= answered.length,
      );
      expect(recorded.sort()).toEqual([...answered].sort());
      // The key is kept: the same send again is answered from its record, not sent twice.
      // Counted from empty: the request log is bounded, a full one would hide a new request.
      emulator.control.clearRequests();
      const again = await gateway.graphql(SEND, input('keyed, frozen', 'frozen-key-1'));
      expect(again.body.data.sendAdminMessage.id).toBe(keyed.body.data.sendAdminMessage.id);
      expect(emulator.control.requests('POST /messages')).toHaveLength(0);
    } finally {
      cluster.thaw();
    }
    expect(gateway.child.exitCode).toBeNull();
    await gateway.stop();
  });

  it('answers a send whose outcome the frozen server cannot take yet, and writes it once thawed', async () => {
    // A deadline no step reaches here: the answer cannot come from a write giving up.
    const { gateway, schema } = await gatewayOnCluster({ DATABASE_TIMEOUT_MS: '600000' });
    // Intercom holds the send for 2 s: its PENDING entry is written, and the server frozen, by
    // the time Intercom answers it.
    emulator.control.addFault({ route: 'POST /messages', latencyMs: 2000, times: 1 });
    // The request log is bounded: counted from empty, it shows this send arriving.
    emulator.control.clearRequests();
    const answer = gateway.graphql(SEND, input('answered while frozen'));
    await until(() => emulator.control.requests('POST /messages').length > 0);
    cluster.freeze();
    let answered: { body: { data?: { sendAdminMessage: { id: string } }; errors?: unknown } };
    try {
      // With LEDGER_OUTCOME_BEFORE_ANSWER=true this would wait for the thaw below: never.
      answered = await answer;
    } finally {
      cluster.thaw();
    }
    expect(answered.body.errors).toBeUndefined();
    const recorded = await eventually(
      () => ledgerMessageIds(schema),
      (ids) => ids.length > 0,
    );
    expect(recorded).toEqual([answered.body.data?.sendAdminMessage.id]);
    await gateway.stop();
  });

  it('with LEDGER_REQUIRED=true refuses sends (nothing reaches Intercom) until it is back', async () => {
    const { gateway } = await gatewayOnCluster({ LEDGER_REQUIRED: 'true' });
    cluster.freeze();
    try {
      // Counted from empty: the request log is bounded, a full one would hide a new request.
      emulator.control.clearRequests();
      const refused = await gateway.graphql(SEND, input('refused while frozen'));
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('LEDGER_UNAVAILABLE');
      const again = await gateway.graphql(SEND, input('refused at once'));
      expect(again.body.errors?.[0]?.extensions?.code).toBe('LEDGER_UNAVAILABLE');
      expect(emulator.control.requests('POST /messages')).toHaveLength(0);
      await ledgerIs(gateway, 'failing');
    } finally {
      cluster.thaw();
    }
    await ledgerIs(gateway, 'ok');
    const sent = await gateway.graphql(SEND, input('after the thaw'));
    expect(sent.body.errors).toBeUndefined();
    await gateway.stop();
  });
});

describe('a bulk slice that ends while the server is stopped', () => {
  const BULK = `mutation Bulk($input: BulkAdminMessageInput!) { sendBulkAdminMessage(input: $input) { id } }`;
  const BATCH = `query Batch($id: ID!) {
    messageBatch(id: $id) { state counts { total sent failed unknown pending } }
  }`;

  it('keeps the gateway up, and sends its recipient once when the job is taken again', async () => {
    // Jobs held for 10 s (three Intercom timeouts, at least 10 s): the retaken job comes soon.
    const { gateway } = await gatewayOnCluster({ INTERCOM_TIMEOUT_MS: '3000' });
    const contact = emulator.control.createContact({ email: 'bulk-fault@example.com' }).id;
    const toContact = () =>
      emulator.control
        .requests()
        .filter(
          (request) =>
            request.route === 'POST /messages' &&
            (request.body as { to?: { id?: string } }).to?.id === contact,
        );
    // The send takes a while: the server is stopped while it is under way.
    emulator.control.addFault({ route: 'POST /messages', latencyMs: 1000, times: 1 });
    const created = await gateway.graphql(BULK, {
      input: {
        messageType: 'IN_APP',
        body: 'Sent once, whatever the database does.',
        from: { id: SEED.admins.wash.id },
        recipients: [{ type: 'USER', id: contact }],
      },
    });
    expect(created.body.errors).toBeUndefined();
    const id = created.body.data.sendBulkAdminMessage.id as string;
    await until(() => toContact().length > 0);
    cluster.stop('fast');
    // The slice ends with the server away: the job's end cannot be recorded. That used to be an
    // unhandled rejection inside the job engine, and the process stopped.
    await gateway.waitFor(/a bulk job's end could not be recorded/);
    expect(gateway.child.exitCode).toBeNull();
    cluster.start();
    await ledgerIs(gateway, 'ok');
    const done = await eventually(
      () => gateway.graphql(BATCH, { id }),
      ({ body }) => body.data?.messageBatch?.state === 'COMPLETED',
    );
    expect(done.body.data.messageBatch.counts).toEqual({
      total: 1,
      sent: 1,
      failed: 0,
      unknown: 0,
      pending: 0,
    });
    expect(toContact()).toHaveLength(1);
    await gateway.stop();
  }, 90_000);
});
