import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'undici';
import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';
import { eventually, until } from '../helpers/until';
import { databaseUrl, sql } from '../helpers/postgres';

/**
 * The built gateway killed with SIGKILL in the middle of sends, then started again on the same
 * ledger (a PostgreSQL server, or the embedded engine's folder): no entry is lost, every send it
 * answered is SENT (with LEDGER_OUTCOME_BEFORE_ANSWER=true; by default, one whose outcome was on
 * its way may be UNKNOWN), and the entries it left PENDING turn UNKNOWN once their lease is over
 * (never before).
 */
const root = resolve(__dirname, '../..');
const schema = `ledger_crash_${randomBytes(4).toString('hex')}`;
const TIMEOUT_MS = 5000;
/** The lease of a PENDING entry: the Intercom timeout and 5 s (src/store/ledger/open-ledger.ts). */
const LEASE_MS = TIMEOUT_MS + 5000;

const dataDir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
/** Every gateway started, so that none outlives a failed test. */
const children: ChildProcessWithoutNullStreams[] = [];
/** Set once the suite ends, so that no wait outlives a test that timed out. */
let ended = false;
afterAll(async () => {
  ended = true;
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await emulator.close();
  await sql(`drop schema if exists ${schema} cascade`);
  // The bulk job engine's schema beside it (pg-boss).
  await sql(`drop schema if exists ${schema}_pgboss cascade`);
  rmSync(dataDir, { recursive: true, force: true });
});

/** The gateway process on the ledger's schema, once it has printed its URL. */
async function startGateway(ledgerEnv: Record<string, string>): Promise<{
  child: ChildProcessWithoutNullStreams;
  graphqlUrl: string;
  waitFor: (pattern: RegExp) => Promise<void>;
  /** Resolves once the upkeep's log lines have expired `count` entries in all. */
  expired: (count: number) => Promise<void>;
}> {
  const child = spawn(process.execPath, [resolve(root, 'dist/main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      LOG_LEVEL: 'info',
      GATEWAY_AUTH: 'none',
      INTERCOM_BASE_URL: emulator.url,
      INTERCOM_ACCESS_TOKEN: emulator.accessToken,
      INTERCOM_TIMEOUT_MS: String(TIMEOUT_MS),
      INTERCOM_MAX_RETRIES: '0',
      LEDGER: 'on',
      ...ledgerEnv,
      LEDGER_UPKEEP_INTERVAL_MS: '200',
    },
  });
  children.push(child);
  let seen = '';
  child.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (seen += chunk.toString()));
  const waitFor = async (pattern: RegExp) => {
    await until(() => pattern.test(seen) || child.exitCode !== null || ended);
    if (!pattern.test(seen)) throw new Error(`exited before printing ${pattern}: ${seen}`);
  };
  // One upkeep run may find some of the leases over and the next run the rest.
  const expiredSoFar = () =>
    [...seen.matchAll(/"expired":(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
  const expired = async (count: number) => {
    await until(() => expiredSoFar() >= count || child.exitCode !== null || ended);
    if (expiredSoFar() < count) throw new Error(`expired ${expiredSoFar()} of ${count}: ${seen}`);
  };
  await waitFor(/GraphQL gateway ready: \S+/);
  const graphqlUrl = (seen.match(/GraphQL gateway ready: (\S+)/) as RegExpMatchArray)[1] as string;
  return { child, graphqlUrl, waitFor, expired };
}

const send = (graphqlUrl: string, body: string) =>
  request(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation Send($input: SendAdminMessageInput!) { sendAdminMessage(input: $input) { id } }`,
      variables: {
        input: {
          messageType: 'IN_APP',
          body,
          from: { id: SEED.admins.wash.id },
          to: { type: 'USER', id: SEED.users.ponies.id },
        },
      },
    }),
  });

interface Entry {
  state: string;
  intercomMessageId: string | null;
  errorCode: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The ledger as the gateway answers it. */
async function entries(graphqlUrl: string): Promise<Entry[]> {
  const response = await request(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `{ messages(first: 100) { edges { node { state intercomMessageId errorCode createdAt updatedAt } } } }`,
    }),
  });
  const body = (await response.body.json()) as {
    data: { messages: { edges: Array<{ node: Entry }> } };
  };
  return body.data.messages.edges.map((edge) => edge.node);
}

/** A gateway killed with SIGKILL right after 10 answered sends, with 3 more held by Intercom. */
async function crashMidSends(ledgerEnv: Record<string, string>) {
  emulator.control.reset();
  const first = await startGateway(ledgerEnv);
  const answered: string[] = [];
  for (let index = 0; index < 10; index += 1) {
    const response = await send(first.graphqlUrl, `answered ${index}`);
    const body = (await response.body.json()) as { data: { sendAdminMessage: { id: string } } };
    answered.push(body.data.sendAdminMessage.id);
  }
  // Three more that Intercom holds: the process dies while they wait.
  emulator.control.addFault({ route: 'POST /messages', latencyMs: 60_000, times: 0 });
  const inFlight = [0, 1, 2].map((index) =>
    send(first.graphqlUrl, `in flight ${index}`).then(
      () => 'answered',
      () => 'cut off',
    ),
  );
  await until(
    () =>
      emulator.control.requests('POST /messages').length === 13 ||
      first.child.exitCode !== null ||
      ended,
  );
  const exited = once(first.child, 'exit');
  first.child.kill('SIGKILL');
  await exited;
  expect(await Promise.all(inFlight)).toEqual(['cut off', 'cut off', 'cut off']);

  emulator.control.reset();
  const second = await startGateway(ledgerEnv);
  try {
    await second.expired(3);
    // Every lease is over: nothing is left PENDING.
    const settled = await eventually(
      () => entries(second.graphqlUrl),
      (all) => all.every((entry) => entry.state !== 'PENDING'),
    );
    const abandoned = settled.filter((entry) => entry.state === 'UNKNOWN');
    for (const entry of abandoned) {
      expect(entry.errorCode).toBe('ABANDONED');
      // Never before the lease was over.
      const heldMs = Date.parse(entry.updatedAt) - Date.parse(entry.createdAt);
      expect(heldMs).toBeGreaterThanOrEqual(LEASE_MS);
    }
    const sent = settled.filter((entry) => entry.state === 'SENT');
    return { answered, settled, sent, abandoned };
  } finally {
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
  }
}

describe.each<{ engine: string; ledgerEnv: Record<string, string> }>([
  { engine: 'PostgreSQL', ledgerEnv: { DATABASE_URL: databaseUrl, LEDGER_SCHEMA: schema } },
  { engine: 'PGlite', ledgerEnv: { LEDGER_DATA_DIR: join(dataDir, 'ledger') } },
])('the ledger on $engine', ({ ledgerEnv }) => {
  it('with LEDGER_OUTCOME_BEFORE_ANSWER=true keeps every answered send through a SIGKILL, and expires what was in flight after its lease', async () => {
    const { answered, settled, sent, abandoned } = await crashMidSends({
      ...ledgerEnv,
      LEDGER_OUTCOME_BEFORE_ANSWER: 'true',
    });
    expect(settled).toHaveLength(13);
    expect(sent.map((entry) => entry.intercomMessageId).sort()).toEqual([...answered].sort());
    expect(abandoned).toHaveLength(3);
  });
});

it('by default loses no entry through a SIGKILL: an answered send is SENT, or UNKNOWN after its lease if its outcome was on its way', async () => {
  const crashSchema = `${schema}_default`;
  try {
    const { answered, settled, sent, abandoned } = await crashMidSends({
      DATABASE_URL: databaseUrl,
      LEDGER_SCHEMA: crashSchema,
    });
    expect(settled).toHaveLength(13);
    expect(sent.length + abandoned.length).toBe(13);
    expect(abandoned.length).toBeGreaterThanOrEqual(3);
    for (const entry of sent) expect(answered).toContain(entry.intercomMessageId);
  } finally {
    await sql(`drop schema if exists ${crashSchema} cascade`);
    await sql(`drop schema if exists ${crashSchema}_pgboss cascade`);
  }
});
