import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'undici';

/** The built gateway as a real process: what a person reads in the first hour. */
const root = resolve(__dirname, '..');

/**
 * Runs dist/main.js with stdout and stderr on one pipe, as a terminal shows them, so that the
 * order of the log lines and the last line is the order a person reads.
 */
function runMerged(env: Record<string, string>) {
  const child = spawn(
    '/bin/sh',
    ['-c', 'exec "$0" "$1" 2>&1', process.execPath, resolve(root, 'dist', 'main.js')],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        LEDGER: 'off',
        LEDGER_DATA_DIR: 'memory://',
        EMULATOR_DATA_DIR: 'memory://',
        ...env,
      },
    },
  );
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    child,
    output: () => text,
    exited: once(child, 'exit').then(([code]) => code as number | null),
  };
}

async function takenPort(): Promise<{ port: number; release: () => void }> {
  const holder = createNetServer();
  holder.listen(0, '127.0.0.1');
  await once(holder, 'listening');
  return { port: (holder.address() as AddressInfo).port, release: () => holder.close() };
}

describe('a start that fails', () => {
  it('prints the warnings that led to it first, and its own line last', async () => {
    const { port, release } = await takenPort();
    try {
      const run = runMerged({ PORT: String(port), EMULATOR_PORT: '0', LOG_LEVEL: 'info' });
      expect(await run.exited).toBe(1);
      const lines = run.output().trim().split('\n');
      const warning = lines.findIndex((line) =>
        line.includes('INTERCOM_ACCESS_TOKEN is not set: using the embedded Intercom emulator.'),
      );
      expect(warning).toBeGreaterThanOrEqual(0);
      expect(lines.at(-1)).toBe(
        `The gateway could not start: PORT=${port}: 127.0.0.1:${port} is already in use. Stop what holds it, or set PORT to another port (0 picks a free one).`,
      );
    } finally {
      release();
    }
  });

  it('names a secret file it cannot read in one line, never what a readable one holds', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'gateway-process-secrets-'));
    try {
      const missing = join(folder, 'intercom-token');
      const secret = join(folder, 'client-secret');
      writeFileSync(secret, 'client-secret-never-printed\n');
      const run = runMerged({
        INTERCOM_ACCESS_TOKEN_FILE: missing,
        INTERCOM_CLIENT_SECRET_FILE: secret,
        LOG_LEVEL: 'silent',
      });
      expect(await run.exited).toBe(1);
      expect(run.output().trim().split('\n')).toEqual([
        'Invalid configuration:',
        `  INTERCOM_ACCESS_TOKEN_FILE=${missing} cannot be used: there is no such file.`,
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('a start with GATEWAY_METRICS_PORT', () => {
  it('says where the metrics are, and serves them there only', async () => {
    const run = runMerged({
      PORT: '0',
      EMULATOR_PORT: '0',
      GATEWAY_METRICS_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    try {
      for (;;) {
        if (/Metrics \(Prometheus\): +\S+/.test(run.output())) break;
        if (run.child.exitCode !== null) throw new Error(run.output());
        await once(run.child.stdout, 'data');
      }
      const [, graphqlUrl] = run.output().match(/GraphQL gateway ready: (\S+)/) ?? [];
      const [, metricsUrl] = run.output().match(/Metrics \(Prometheus\): +(\S+)/) ?? [];
      const scraped = await request(metricsUrl as string);
      expect(scraped.statusCode).toBe(200);
      expect(await scraped.body.text()).toContain('gateway_graphql_requests_total');
      const publicMetrics = await request((graphqlUrl as string).replace('/graphql', '/metrics'));
      expect(publicMetrics.statusCode).toBe(404);
      await publicMetrics.body.dump();
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });
});
