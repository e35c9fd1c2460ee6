import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { SEED, startEmulator, type RunningEmulator } from '../../src/emulator';

/**
 * The emulator's folder (`dataDir`) as a folder meets trouble: cut short, files lost, held by
 * another emulator, left locked by a process that died. Whatever cannot be trusted stops the start
 * with one line and changes nothing; whatever is only a leftover is cleaned up.
 */
const root = mkdtempSync(join(tmpdir(), 'emulator-state-'));
let folders = 0;
const freshFolder = () => join(root, `state-${(folders += 1)}`);
const running: RunningEmulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function open(dataDir: string): Promise<RunningEmulator> {
  const emulator = await startEmulator({ port: 0, dataDir, rateLimit: 0 });
  running.push(emulator);
  return emulator;
}

async function close(emulator: RunningEmulator): Promise<void> {
  running.splice(running.indexOf(emulator), 1);
  await emulator.close();
}

async function call(emulator: RunningEmulator, method: string, path: string, body?: unknown) {
  const response = await request(`${emulator.url}${path}`, {
    method: method as 'GET',
    headers: {
      authorization: `Bearer ${emulator.accessToken}`,
      accept: 'application/json',
      'content-type': 'application/json',
      'intercom-version': '2.14',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.statusCode, body: (await response.body.json()) as any };
}

const sendMessage = async (emulator: RunningEmulator): Promise<string> => {
  const { status, body } = await call(emulator, 'POST', '/messages', {
    message_type: 'inapp',
    body: 'Hello',
    from: { type: 'admin', id: SEED.admins.wash.id },
    to: { type: 'user', id: SEED.users.ponies.id },
  });
  expect(status).toBe(200);
  return body.id as string;
};

/** A folder holding one message, its conversation and an attachment file, saved and closed. */
async function savedFolder(): Promise<{ dir: string; conversationId: string }> {
  const dir = freshFolder();
  const emulator = await open(dir);
  const messageId = await sendMessage(emulator);
  const conversation = emulator.control.playReply(messageId, 'Hi!');
  const reply = await call(emulator, 'POST', `/conversations/${conversation.id}/reply`, {
    message_type: 'comment',
    type: 'admin',
    admin_id: SEED.admins.wash.id,
    body: 'A file',
    attachment_files: [{ name: 'a.txt', content_type: 'text/plain', data: 'aGVsbG8=' }],
  });
  expect(reply.status).toBe(200);
  await close(emulator);
  return { dir, conversationId: conversation.id };
}

/** Everything in a folder, file by file, to tell it was left as it was. */
function contentsOf(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) found[name] = readFileSync(path, 'base64');
  }
  return found;
}

it('opens a saved folder with its conversation, parts and files', async () => {
  const { dir, conversationId } = await savedFolder();
  const emulator = await open(dir);
  const { status, body } = await call(emulator, 'GET', `/conversations/${conversationId}`);
  expect(status).toBe(200);
  const parts = body.conversation_parts.conversation_parts;
  expect(parts.map((part: { body: string }) => part.body)).toEqual(['Hi!', 'A file']);
  // Served by this emulator, on the port it has now.
  const file = await request(`${emulator.url}${new URL(parts[1].attachments[0].url).pathname}`);
  expect(await file.body.text()).toBe('hello');
});

it.each([
  [
    'cut short',
    (dir: string) => truncateSync(join(dir, 'state.jsonl'), 200),
    /ends early|not JSON/,
  ],
  [
    'not a state file',
    (dir: string) => writeFileSync(join(dir, 'state.jsonl'), '{"x":1}\n'),
    /not an emulator state file/,
  ],
  ['without its ids', (dir: string) => rmSync(join(dir, 'ids.json')), /ids\.json is missing/],
  [
    'with ids that are not',
    (dir: string) => writeFileSync(join(dir, 'ids.json'), 'x'),
    /ids\.json is not JSON/,
  ],
  [
    'without an attachment file',
    (dir: string) => {
      for (const name of readdirSync(join(dir, 'files'))) rmSync(join(dir, 'files', name));
    },
    /attachment file files\/[0-9a-f]{16} is missing/,
  ],
])('refuses a folder %s, in one line, changing nothing', async (_, damage, reason) => {
  const { dir } = await savedFolder();
  damage(dir);
  const before = contentsOf(dir);
  const refused = await startEmulator({ port: 0, dataDir: dir }).then(
    (emulator) => {
      running.push(emulator);
      throw new Error('it started');
    },
    (error: Error) => error.message,
  );
  expect(refused).toContain(`The emulator's state in ${dir} cannot be read: `);
  expect(refused).toMatch(reason);
  expect(refused).toMatch(/move the folder away/);
  expect(refused).not.toContain('\n');
  expect(contentsOf(dir)).toEqual(before);
  // Refused, and let go: once moved away (here: deleted), the folder opens afresh.
  rmSync(dir, { recursive: true });
  await open(dir);
});

it('refuses a folder another emulator holds, until it closes', async () => {
  const dir = freshFolder();
  const owner = await open(dir);
  await expect(startEmulator({ port: 0, dataDir: dir })).rejects.toThrow(
    `The emulator's state in ${dir} is in use by another process (pid ${process.pid}`,
  );
  await close(owner);
  await open(dir);
});

it('takes over the lock of a process that died, and clears what it left half written', async () => {
  const dir = freshFolder();
  mkdirSync(join(dir, 'files'), { recursive: true });
  const gone = spawnSync(process.execPath, ['-e', '0']).pid as number;
  writeFileSync(
    join(dir, 'emulator.lock'),
    JSON.stringify({ pid: gone, started: null, host: 'x' }),
  );
  writeFileSync(join(dir, 'state.jsonl.1234.tmp'), 'half a state');
  const emulator = await open(dir);
  expect(existsSync(join(dir, 'state.jsonl.1234.tmp'))).toBe(false);
  expect(Number(await sendMessage(emulator))).toBe(2001);
});

it('goes on past the ids it reserved, and saves what changed when it closes', async () => {
  const dir = freshFolder();
  const first = await open(dir);
  const ids = [await sendMessage(first), await sendMessage(first)];
  await close(first);
  const second = await open(dir);
  ids.push(await sendMessage(second));
  expect(ids.slice(0, 2)).toEqual(['2001', '2002']);
  // Past the block the first one reserved: no id of it can come again.
  expect(Number(ids[2])).toBeGreaterThanOrEqual(3001);
  expect(second.control.counts().messages).toBe(3);
});
