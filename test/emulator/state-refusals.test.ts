import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchGatewayProcess } from '../helpers/gateway-process';
import {
  control,
  freshFolders,
  killHard,
  send,
  start,
  useStateRoot,
} from '../helpers/embedded-state';

/**
 * What the embedded emulator's state folder refuses or forgets: a reset is on disk when it is
 * answered, a folder it cannot read or another process holds stops the start in one line.
 */
jest.setTimeout(60_000);
useStateRoot();

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
