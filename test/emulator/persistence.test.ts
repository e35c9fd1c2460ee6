import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { request } from 'undici';
import { SEED } from '../../src/emulator';
import {
  control,
  conversationFor,
  freshFolders,
  killHard,
  recorded,
  send,
  start,
  stateRoot,
  useStateRoot,
} from '../helpers/embedded-state';
import { until } from '../helpers/until';

/**
 * The embedded emulator keeps its state across restarts of the gateway (`EMULATOR_DATA_DIR`), as
 * the ledger beside it keeps its entries: ids go on where they were, never again from the first,
 * even after kill -9. (What it refuses: state-refusals.test.ts.)
 */
// Each test starts the gateway (and its PGlite ledger) two or three times.
jest.setTimeout(60_000);
useStateRoot();

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
    const dataDir = join(stateRoot(), 'standalone');
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
