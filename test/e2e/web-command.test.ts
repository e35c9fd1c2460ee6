import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { request } from 'undici';
import { until } from '../helpers/until';

/** `npm run web` (the example's README): the gateway, its emulator and the app, as one command. */
it('serves the app and proxies /graphql to the gateway it started', async () => {
  const child = spawn(process.execPath, [resolve(__dirname, '../../scripts/web.mjs')], {
    cwd: resolve(__dirname, '../..'),
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      EMULATOR_PORT: '0',
      WEB_PORT: '0',
      LEDGER_DATA_DIR: 'memory://',
      EMULATOR_DATA_DIR: 'memory://',
      LOG_LEVEL: 'silent',
      NO_COLOR: '1',
    },
  });
  let printed = '';
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  try {
    await until(
      () => /Local:\s+http:\/\/127\.0\.0\.1:\d+\//.test(printed) || child.exitCode !== null,
    );
    const app = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(printed)?.[1];
    expect(app).toBeDefined();
    const page = await request(`${app}/`);
    expect(await page.body.text()).toContain('<div id="root"></div>');
    const answer = await request(`${app}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ intercomApiVersion }' }),
    });
    expect(await answer.body.json()).toEqual({ data: { intercomApiVersion: '2.14' } });
  } finally {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
});
