import {
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';
import {
  killGatewayProcesses,
  launchGatewayProcess,
  startGatewayProcess,
  type GatewayProcess,
} from '../helpers/gateway-process';
import { eventually } from '../helpers/until';

/**
 * The embedded ledger (PGlite in LEDGER_DATA_DIR) under the faults a folder meets: a second
 * process on it, a crash that leaves its lock, a folder that no longer opens, one removed or
 * damaged while the gateway runs, and hostile text. No crash, one clear line where the gateway
 * cannot start, and a /readyz that tells the truth within seconds.
 */
let emulator: RunningEmulator;
const root = mkdtempSync(join(tmpdir(), 'embedded-faults-'));
let folders = 0;
const freshFolder = () => join(root, `ledger-${(folders += 1)}`);

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(async () => {
  killGatewayProcesses();
  await emulator?.close();
  rmSync(root, { recursive: true, force: true });
});

const envFor = (dataDir: string): Record<string, string> => ({
  LOG_LEVEL: 'warn',
  GATEWAY_AUTH: 'none',
  INTERCOM_BASE_URL: emulator.url,
  INTERCOM_ACCESS_TOKEN: emulator.accessToken,
  INTERCOM_MAX_RETRIES: '0',
  LEDGER_DATA_DIR: dataDir,
});

const SEND = `mutation Send($input: SendAdminMessageInput!) {
  sendAdminMessage(input: $input) { id }
}`;
const send = (gateway: GatewayProcess, body: string, extra: Record<string, unknown> = {}) =>
  gateway.graphql(SEND, {
    input: {
      messageType: 'IN_APP',
      body,
      from: { id: SEED.admins.wash.id },
      to: { type: 'USER', id: SEED.users.ponies.id },
      ...extra,
    },
  });

/** The Intercom message ids of the ledger's entries, as the gateway answers them. */
async function recorded(gateway: GatewayProcess): Promise<string[]> {
  const { body } = await gateway.graphql(
    `{ messages(first: 100) { edges { node { intercomMessageId } } } }`,
  );
  return body.data.messages.edges.map(
    (edge: { node: { intercomMessageId: string } }) => edge.node.intercomMessageId,
  );
}

const ledgerIs = (gateway: GatewayProcess, state: 'ok' | 'failing') =>
  eventually(
    () => gateway.readyz(),
    ({ body }) => body.ledger === state,
  );

/** The one line a start-up that fails prints, and its exit code. */
async function failedStart(dataDir: string): Promise<{ code: number | null; lines: string[] }> {
  const gateway = launchGatewayProcess(envFor(dataDir));
  const { code } = await gateway.exited();
  return { code, lines: gateway.output().trim().split('\n') };
}

describe('one owner per folder', () => {
  it('refuses a second process in one line naming the folder and the owner, and a lock left by kill -9 does not block the next start', async () => {
    const dataDir = freshFolder();
    const owner = await startGatewayProcess(envFor(dataDir));
    const second = await failedStart(dataDir);
    expect(second.code).toBe(1);
    expect(second.lines).toHaveLength(1);
    expect(second.lines[0]).toContain(dataDir);
    expect(second.lines[0]).toContain(`pid ${owner.child.pid}`);
    expect(second.lines[0]).toMatch(/LEDGER_DATA_DIR.*DATABASE_URL.*LEDGER=off/);
    // The owner goes on, untouched.
    expect((await send(owner, 'after the refusal')).body.errors).toBeUndefined();
    expect((await owner.readyz()).body.ledger).toBe('ok');
    // Read back through the owner: its outcome, written right behind the answer, is in.
    expect(await recorded(owner)).toHaveLength(1);

    owner.child.kill('SIGKILL');
    await owner.exited();
    const next = await startGatewayProcess(envFor(dataDir));
    expect((await send(next, 'after the crash')).body.errors).toBeUndefined();
    expect(await recorded(next)).toHaveLength(2);
    await next.stop();
  });
});

describe('an owner on another host (a container on the same volume)', () => {
  it('is waited for while its lock is touched, and refused; once it stops, its lock is taken over', async () => {
    const dataDir = freshFolder();
    mkdirSync(dataDir, { recursive: true });
    const lock = join(dataDir, 'gateway.lock');
    // Its pid names no process here: on its own host, it is a live one.
    writeFileSync(lock, JSON.stringify({ pid: 4_194_297, started: null, host: 'another-host' }));
    // It touches its lock, as a live owner does.
    const beating = setInterval(() => {
      const now = new Date();
      utimesSync(lock, now, now);
    }, 500);
    const second = launchGatewayProcess(envFor(dataDir));
    try {
      const outcome = await Promise.race([
        second.exited().then(() => 'refused'),
        second.waitFor(/GraphQL gateway ready/).then(
          () => 'started on a folder in use',
          () => 'refused',
        ),
      ]);
      expect(outcome).toBe('refused');
      const lines = second.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('in use by another gateway (pid 4194297 on another-host)');
    } finally {
      clearInterval(beating);
      second.child.kill('SIGKILL');
    }
    // Its owner is gone (no more touches): the next start takes the folder over once the lock
    // has gone untouched long enough.
    const next = await startGatewayProcess(envFor(dataDir));
    expect((await send(next, 'after the other host')).body.errors).toBeUndefined();
    await next.stop();
  });
});

describe('a folder that does not open', () => {
  it('stops the start in one line naming the folder and the way out; moved aside, a fresh ledger starts', async () => {
    const dataDir = freshFolder();
    const first = await startGatewayProcess(envFor(dataDir));
    expect((await send(first, 'before the damage')).body.errors).toBeUndefined();
    await first.stop();
    // Garbage over the start of every WAL segment: the engine cannot recover.
    const wal = join(dataDir, 'pg_wal');
    for (const segment of readdirSync(wal).filter((name) => /^[0-9A-F]{24}$/.test(name))) {
      const fd = openSync(join(wal, segment), 'r+');
      writeSync(fd, Buffer.alloc(8192, 0xab), 0, 8192, 0);
      closeSync(fd);
    }
    const damaged = await failedStart(dataDir);
    expect(damaged.code).toBe(1);
    expect(damaged.lines).toHaveLength(1);
    expect(damaged.lines[0]).toContain(`The embedded ledger in ${dataDir} does not open`);
    expect(damaged.lines[0]).toContain('Move the folder aside');

    renameSync(dataDir, `${dataDir}.damaged`);
    const fresh = await startGatewayProcess(envFor(dataDir));
    expect((await send(fresh, 'on a fresh ledger')).body.errors).toBeUndefined();
    await fresh.stop();
  });
});

describe('a folder removed while the gateway runs', () => {
  it('shows on /readyz within seconds, and sends go on (kept for later) without a crash', async () => {
    const dataDir = freshFolder();
    const gateway = await startGatewayProcess(envFor(dataDir));
    expect((await send(gateway, 'before the removal')).body.errors).toBeUndefined();
    // Its outcome is written behind the answer: read back, it is in (else a probe that finds
    // the folder gone while it waits would keep it for later too).
    expect(await recorded(gateway)).toHaveLength(1);
    rmSync(dataDir, { recursive: true, force: true });
    const failing = await ledgerIs(gateway, 'failing');
    expect(failing.body.status).toBe('degraded');
    // Not written into a folder that is gone: kept, and said so.
    expect((await send(gateway, 'after the removal')).body.errors).toBeUndefined();
    expect((await gateway.readyz()).body.ledgerBacklog).toBe(1);
    expect(gateway.child.exitCode).toBeNull();
    await gateway.stop();
    expect(gateway.output()).toMatch(/"step":"lost".*they are lost/);
  });
});

/** Every file of a folder but its lock, with its size and last change. */
function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'gateway.lock') continue;
    const path = join(entry.parentPath, entry.name);
    const { size, mtimeMs } = statSync(path);
    files[path] = `${size}:${mtimeMs}`;
  }
  return files;
}

describe('a folder taken over while the gateway runs', () => {
  it('is not touched again, not even to close it: /readyz says so, sends go on', async () => {
    const dataDir = freshFolder();
    // Keyed sends need the ledger's database (their records of record): without it, not ready.
    const gateway = await startGatewayProcess({ ...envFor(dataDir), IDEMPOTENCY_REQUIRED: 'true' });
    expect((await send(gateway, 'before the takeover')).body.errors).toBeUndefined();
    expect(await recorded(gateway)).toHaveLength(1);
    // Another process's lock in its place (as after the owner stalled past the lock's stale
    // time), touched as a live owner touches it.
    const lock = join(dataDir, 'gateway.lock');
    const theirs = JSON.stringify({ pid: 4_194_297, started: null, host: 'another-host' });
    writeFileSync(`${lock}.theirs`, theirs);
    renameSync(`${lock}.theirs`, lock);
    const beating = setInterval(() => {
      const now = new Date();
      utimesSync(lock, now, now);
    }, 500);
    try {
      const failing = await ledgerIs(gateway, 'failing');
      expect(failing.status).toBe(503);
      expect(failing.body.status).toBe('unavailable');
      const before = filesOf(dataDir);
      expect((await send(gateway, 'after the takeover')).body.errors).toBeUndefined();
      await gateway.stop();
      // Stopped as it should, not cut short before its close.
      expect(gateway.child.exitCode).toBe(0);
      // The other process's folder: not a byte of it changed by this one.
      expect(filesOf(dataDir)).toEqual(before);
      expect(readFileSync(lock, 'utf8')).toBe(theirs);
    } finally {
      clearInterval(beating);
    }
  });
});

describe('a damaged page', () => {
  it('shows on /readyz within seconds of the start, and a read of it fails alone', async () => {
    const dataDir = freshFolder();
    const first = await startGatewayProcess(envFor(dataDir));
    const sent = await send(first, 'on the page to be damaged');
    await first.stop();
    // The ledger's heap file, as the engine names it; its first page overwritten.
    const engine = new PGlite(dataDir);
    const { rows } = await engine.query<{ path: string }>(
      `select pg_relation_filepath('ledger_entries') as path`,
    );
    await engine.close();
    const fd = openSync(join(dataDir, (rows[0] as { path: string }).path), 'r+');
    writeSync(fd, Buffer.alloc(8192, 0xab), 0, 8192, 0);
    closeSync(fd);

    const gateway = await startGatewayProcess(envFor(dataDir));
    await ledgerIs(gateway, 'failing');
    const read = await gateway.graphql(`query One($id: ID!) { message(id: $id) { state } }`, {
      id: sent.body.data.sendAdminMessage.id,
    });
    expect(read.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(read.body)).not.toContain('invalid page');
    expect((await gateway.graphql('{ __typename }')).body.data).toEqual({
      __typename: 'Query',
    });
    expect(gateway.child.exitCode).toBeNull();
    await gateway.stop();
  });
});

describe('hostile text', () => {
  it('fails only its own send: every innocent send beside it is recorded', async () => {
    const dataDir = freshFolder();
    const gateway = await startGatewayProcess(envFor(dataDir));
    const posts = emulator.control.requests('POST /messages').length;
    const hostile = ['hi\u0000', '\u0000', 'a\u0000b'.repeat(100)];
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, (_, index) => send(gateway, `innocent ${index}`)),
      ...hostile.map((body) => send(gateway, body)),
      send(gateway, 'innocent subject', { messageType: 'EMAIL', subject: 'x\u0000y' }),
    ]);
    const innocent = answers.slice(0, 20);
    for (const { body } of innocent) expect(body.errors).toBeUndefined();
    for (const { body } of answers.slice(20)) {
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(body)).not.toContain('\\u0000');
    }
    // Nothing hostile went upstream.
    expect(emulator.control.requests('POST /messages')).toHaveLength(posts + 20);
    const ids = innocent.map(({ body }) => body.data.sendAdminMessage.id as string);
    expect((await recorded(gateway)).sort()).toEqual([...ids].sort());
    expect((await gateway.readyz()).body.ledger).toBe('ok');
    await gateway.stop();
  });
});
