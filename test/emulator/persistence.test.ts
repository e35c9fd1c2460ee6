import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'undici';
import { SEED } from '../../src/emulator';
import {
  killGatewayProcesses,
  launchGatewayProcess,
  startGatewayProcess,
  type GatewayProcess,
} from '../helpers/gateway-process';
import { until } from '../helpers/until';

/**
 * The embedded emulator keeps its state across restarts of the gateway (`EMULATOR_DATA_DIR`), as
 * the ledger beside it keeps its entries: ids go on where they were, never again from the first,
 * even after kill -9; a folder it cannot read stops the start in one line.
 */
// Each test starts the gateway (and its PGlite ledger) two or three times.
jest.setTimeout(60_000);

const root = mkdtempSync(join(tmpdir(), 'emulator-persistence-'));
let folders = 0;

afterAll(() => {
  killGatewayProcesses();
  rmSync(root, { recursive: true, force: true });
});

/**
 * Fresh folders: the emulator's state and, where the test reads it, the ledger (off otherwise: a
 * PGlite start is most of a gateway's).
 */
function freshFolders({ ledger }: { ledger: boolean }): {
  emulatorDir: string;
  env: Record<string, string>;
} {
  folders += 1;
  const emulatorDir = join(root, `emulator-${folders}`);
  return {
    emulatorDir,
    env: {
      LOG_LEVEL: 'warn',
      GATEWAY_AUTH: 'none',
      EMULATOR_PORT: '0',
      EMULATOR_DATA_DIR: emulatorDir,
      ...(ledger ? { LEDGER_DATA_DIR: join(root, `ledger-${folders}`) } : { LEDGER: 'off' }),
    },
  };
}

/** The gateway with its embedded emulator's URL, from the banner. */
async function start(env: Record<string, string>) {
  const gateway = await startGatewayProcess(env);
  const [, emulatorUrl] = await gateway.waitFor(/Intercom emulator:\s+(\S+)/);
  return { gateway, emulatorUrl: emulatorUrl as string };
}

const SEND = `mutation Send($input: SendAdminMessageInput!) {
  sendAdminMessage(input: $input) { id }
}`;

async function send(gateway: GatewayProcess, body: string): Promise<string> {
  const { body: answer } = await gateway.graphql(SEND, {
    input: {
      messageType: 'IN_APP',
      body,
      from: { id: SEED.admins.wash.id },
      to: { type: 'USER', id: SEED.users.ponies.id },
    },
  });
  expect(answer.errors).toBeUndefined();
  return answer.data.sendAdminMessage.id as string;
}

const CONVERSATION = `query Conversation($messageId: ID!) {
  conversationForMessage(messageId: $messageId) { id partsCount }
}`;

async function conversationFor(gateway: GatewayProcess, messageId: string) {
  const { body } = await gateway.graphql(CONVERSATION, { messageId });
  expect(body.errors).toBeUndefined();
  return body.data.conversationForMessage as { id: string; partsCount: number } | null;
}

/** The Intercom message ids of the ledger's entries. */
async function recorded(gateway: GatewayProcess): Promise<string[]> {
  const { body } = await gateway.graphql(
    `{ messages(first: 100) { edges { node { intercomMessageId } } } }`,
  );
  return body.data.messages.edges.map(
    (edge: { node: { intercomMessageId: string } }) => edge.node.intercomMessageId,
  );
}

async function control(emulatorUrl: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await request(`${emulatorUrl}/_emulator/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.statusCode).toBe(200);
  return (await response.body.json()) as any;
}

async function killHard(gateway: GatewayProcess): Promise<void> {
  gateway.child.kill('SIGKILL');
  await gateway.exited();
}

it('goes on after a restart: the next id follows, the conversation is still there', async () => {
  const { env } = freshFolders({ ledger: true });
  const first = await start(env);
  const messageId = await send(first.gateway, 'Before the restart');
  await control(first.emulatorUrl, 'POST', `messages/${messageId}/reply`, { body: 'Hi!' });
  const before = await conversationFor(first.gateway, messageId);
  expect(before).not.toBeNull();
  await first.gateway.stop();

  const second = await start(env);
  const next = await send(second.gateway, 'After the restart');
  expect(Number(next)).toBeGreaterThan(Number(messageId));
  expect(await conversationFor(second.gateway, messageId)).toEqual(before);
  const ids = await recorded(second.gateway);
  expect(ids).toHaveLength(2);
  expect(new Set(ids).size).toBe(2);
  await second.gateway.stop();
});

it('never hands out an id twice, even when killed right after a send', async () => {
  const folders = freshFolders({ ledger: true });
  // Each answer waits for its ledger entry's outcome: the ledger then holds every id answered,
  // however soon after the answer the kill comes.
  const env = { ...folders.env, LEDGER_OUTCOME_BEFORE_ANSWER: 'true' };
  const first = await start(env);
  const sent = [await send(first.gateway, 'One'), await send(first.gateway, 'Two')];
  await killHard(first.gateway);

  const second = await start(env);
  sent.push(await send(second.gateway, 'Three'));
  await killHard(second.gateway);

  const third = await start(env);
  sent.push(await send(third.gateway, 'Four'));
  expect(new Set(sent).size).toBe(4);
  expect(sent.map(Number)).toEqual([...sent.map(Number)].sort((a, b) => a - b));
  const ids = await recorded(third.gateway);
  expect(ids).toHaveLength(4);
  expect(new Set(ids).size).toBe(4);
  await third.gateway.stop();
});

it('keeps attachment files sent to a conversation', async () => {
  const { env } = freshFolders({ ledger: false });
  const first = await start(env);
  const messageId = await send(first.gateway, 'A file follows');
  const opened = await control(first.emulatorUrl, 'POST', `messages/${messageId}/reply`, {});
  const data = Buffer.from('the bytes of a file');
  const reply = await request(`${first.emulatorUrl}/conversations/${opened.id}/reply`, {
    method: 'POST',
    headers: {
      authorization: 'Bearer emulator-token',
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      message_type: 'comment',
      type: 'admin',
      admin_id: SEED.admins.wash.id,
      body: 'Here it is',
      attachment_files: [
        { name: 'notes.txt', content_type: 'text/plain', data: data.toString('base64') },
      ],
    }),
  });
  expect(reply.statusCode).toBe(200);
  const parts = ((await reply.body.json()) as any).conversation_parts.conversation_parts;
  const url = new URL(parts.at(-1).attachments[0].url as string);
  await first.gateway.stop();

  const second = await start(env);
  const served = await request(`${second.emulatorUrl}${url.pathname}`);
  expect(served.statusCode).toBe(200);
  expect(Buffer.from(await served.body.arrayBuffer())).toEqual(data);
  await second.gateway.stop();
});

it('forgets what a reset cleared, on disk too, and still counts ids on', async () => {
  const { env } = freshFolders({ ledger: false });
  const first = await start(env);
  const messageId = await send(first.gateway, 'Soon forgotten');
  await control(first.emulatorUrl, 'POST', `messages/${messageId}/reply`, { body: 'Hi!' });
  expect((await control(first.emulatorUrl, 'GET', 'state')).counts).toMatchObject({
    messages: 1,
    conversations: 1,
  });
  await control(first.emulatorUrl, 'POST', 'reset');
  // Killed at once: the reset is on disk when it is answered, not a moment later.
  await killHard(first.gateway);

  const second = await start(env);
  expect((await control(second.emulatorUrl, 'GET', 'state')).counts).toMatchObject({
    messages: 0,
    conversations: 0,
  });
  expect(Number(await send(second.gateway, 'After the reset'))).toBeGreaterThan(Number(messageId));
  await second.gateway.stop();
});

it('refuses to start on a damaged state, in one line, and leaves it as it was', async () => {
  const { env, emulatorDir } = freshFolders({ ledger: false });
  const first = await start(env);
  await send(first.gateway, 'Kept');
  await first.gateway.stop();
  const stateFile = join(emulatorDir, 'state.jsonl');
  const damaged = readFileSync(stateFile, 'utf8').replace('Kept', 'Kelp');
  writeFileSync(stateFile, damaged);

  const refused = launchGatewayProcess(env);
  expect((await refused.exited()).code).toBe(1);
  const lines = refused.output().trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`The emulator's state in ${emulatorDir} cannot be read`);
  expect(lines[0]).toMatch(/move the folder away/);
  expect(lines[0]).not.toContain('Kelp');
  expect(readFileSync(stateFile, 'utf8')).toBe(damaged);
});

it('refuses a folder another running gateway holds', async () => {
  const { env, emulatorDir } = freshFolders({ ledger: false });
  const owner = await start(env);
  const second = launchGatewayProcess(env);
  expect((await second.exited()).code).toBe(1);
  expect(second.output()).toContain(
    `The emulator's state in ${emulatorDir} is in use by another process (pid ${owner.gateway.child.pid}`,
  );
  // The owner goes on undisturbed.
  expect(await send(owner.gateway, 'Still here')).toMatch(/^\d+$/);
  await owner.gateway.stop();
});

describe('npm run emulator', () => {
  /** The standalone emulator (dist/emulator/main.js) with `env`, once it printed its URL. */
  async function startStandalone(env: Record<string, string>) {
    const child = spawn(process.execPath, [resolve(__dirname, '../../dist/emulator/main.js')], {
      env: { PATH: process.env.PATH ?? '', EMULATOR_PORT: '0', ...env },
    });
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const exited = once(child, 'exit');
    await until(() => /listening on \S+\n[^]*state:/.test(printed) || child.exitCode !== null);
    const url = /listening on (\S+)/.exec(printed)?.[1] as string;
    const stop = async () => {
      child.kill('SIGTERM');
      await exited;
    };
    return { url, printed: () => printed, stop };
  }

  const sendTo = async (url: string): Promise<string> => {
    const response = await request(`${url}/messages`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer emulator-token',
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        message_type: 'inapp',
        body: 'Hello',
        from: { type: 'admin', id: SEED.admins.wash.id },
        to: { type: 'user', id: SEED.users.ponies.id },
      }),
    });
    expect(response.statusCode).toBe(200);
    return ((await response.body.json()) as { id: string }).id;
  };

  it('keeps nothing by default, and says so', async () => {
    const emulator = await startStandalone({});
    expect(emulator.printed()).toMatch(/state:\s+in memory/);
    expect(await sendTo(emulator.url)).toBe('2001');
    await emulator.stop();
  });

  it('keeps its state in EMULATOR_DATA_DIR when given one', async () => {
    const dataDir = join(root, 'standalone');
    const first = await startStandalone({ EMULATOR_DATA_DIR: dataDir });
    expect(first.printed()).toContain(`state:   ${dataDir}`);
    const before = await sendTo(first.url);
    await first.stop();
    const second = await startStandalone({ EMULATOR_DATA_DIR: dataDir });
    expect(Number(await sendTo(second.url))).toBeGreaterThan(Number(before));
    expect((await control(second.url, 'GET', 'state')).counts.messages).toBe(2);
    await second.stop();
  });
});
