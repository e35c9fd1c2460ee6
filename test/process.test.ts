import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { Pool, request } from 'undici';
import { hashApiKey } from '../src/auth/api-keys';
import { startEmulator, type RunningEmulator } from '../src/emulator';
import { signWebhook } from '../src/webhooks/signature';
import { eventually, until } from './helpers/until';

/** The built gateway as a real process: start-up, configuration errors and SIGTERM. */
const root = resolve(__dirname, '..');

function run(
  script: string,
  env: Record<string, string>,
  args: string[] = [],
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [resolve(root, 'dist', script), ...args], {
    cwd: root,
    // The ledger is off unless a test turns it on (then in memory: nothing in the checkout), and
    // the embedded emulator keeps its state in memory too.
    env: {
      PATH: process.env.PATH ?? '',
      LEDGER: 'off',
      LEDGER_DATA_DIR: 'memory://',
      EMULATOR_DATA_DIR: 'memory://',
      ...env,
    },
  });
}

/** Everything the process printed so far, and a way to wait for a line of it. */
function watchOutput(child: ChildProcessWithoutNullStreams) {
  let seen = '';
  const waiting: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
    for (const wake of waiting.splice(0)) wake();
  });
  child.on('exit', () => {
    for (const wake of waiting.splice(0)) wake();
  });
  return async function waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    for (;;) {
      const match = seen.match(pattern);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`exited before printing ${pattern}: ${seen}`);
      await new Promise<void>((wake) => waiting.push(wake));
    }
  };
}

async function output(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/**
 * The gateway with its embedded emulator holding every send's answer for `latencyMs`: starts a
 * send (with `idempotencyKey` when given), sends SIGTERM once Intercom has it, and resolves with
 * the client's answer and the exit code.
 */
async function sigtermDuringSend(
  graceMs: number,
  latencyMs: number,
  idempotencyKey?: string,
): Promise<{ status: number; body: any; code: number | null }> {
  const child = run('main.js', {
    PORT: '0',
    EMULATOR_PORT: '0',
    LOG_LEVEL: 'silent',
    GATEWAY_SHUTDOWN_GRACE_MS: String(graceMs),
  });
  const exited = once(child, 'exit');
  const waitFor = watchOutput(child);
  const [, graphqlUrl] = await waitFor(/GraphQL gateway ready: (\S+)/);
  const [, emulatorUrl] = await waitFor(/Intercom emulator: +(\S+)/);
  await request(`${emulatorUrl}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ route: 'POST /messages', latencyMs }),
  });
  const key = idempotencyKey ? `, idempotencyKey: "${idempotencyKey}"` : '';
  const inFlight = request(graphqlUrl as string, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation { sendUserMessage(input: { from: { type: USER, id: "536e564f316c83104c000020" }, body: "Hey"${key} }) { id } }`,
    }),
  });
  // Wait until the send has reached Intercom (the emulator), then ask the process to stop.
  for (;;) {
    const recorded = await request(`${emulatorUrl}/_emulator/requests?route=POST%20/messages`);
    const body = (await recorded.body.json()) as { requests: unknown[] };
    if (body.requests.length > 0) break;
  }
  child.kill('SIGTERM');
  const response = await inFlight;
  const body = await response.body.json();
  const [code] = (await exited) as [number | null];
  return { status: response.statusCode, body, code };
}

describe('the gateway process', () => {
  it('exits non-zero with one clear line per bad variable', async () => {
    const result = await output(
      run('main.js', { PORT: 'abc', INTERCOM_VERSION: '9.9', LOG_LEVEL: 'silent' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'PORT=abc is not valid: expected a whole number from 0 to 65535.',
    );
    expect(result.stderr).toMatch(/INTERCOM_VERSION=9\.9 is not valid: expected one of/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to start in production without an Intercom token, in one line naming it', async () => {
    const key = hashApiKey('a-key-for-this-test').toString('hex');
    const result = await output(
      run('main.js', {
        NODE_ENV: 'production',
        GATEWAY_METRICS_PORT: '0',
        GATEWAY_AUTH: 'api-key',
        GATEWAY_API_KEYS: JSON.stringify([
          { name: 'ops', sha256: key, scopes: ['messages:admin'] },
        ]),
        LOG_LEVEL: 'silent',
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Invalid configuration:',
      '  INTERCOM_ACCESS_TOKEN is required when NODE_ENV=production: the embedded emulator is for development only.',
    ]);
    expect(result.stdout).not.toContain('emulator');
  });

  it('refuses GATEWAY_AUTH=none in production', async () => {
    const result = await output(
      run('main.js', { NODE_ENV: 'production', GATEWAY_AUTH: 'none', LOG_LEVEL: 'silent' }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GATEWAY_AUTH=none is refused when NODE_ENV=production');
  });

  it.each(['PORT', 'EMULATOR_PORT'])(
    'a port already taken: one line naming %s',
    async (variable) => {
      const holder = createNetServer();
      holder.listen(0, '127.0.0.1');
      await once(holder, 'listening');
      const { port } = holder.address() as AddressInfo;
      try {
        const result = await output(
          run('main.js', {
            PORT: '0',
            EMULATOR_PORT: '0',
            LOG_LEVEL: 'silent',
            [variable]: `${port}`,
          }),
        );
        expect(result.code).toBe(1);
        expect(result.stderr.trim()).toBe(
          `The gateway could not start: ${variable}=${port}: 127.0.0.1:${port} is already in use. Stop what holds it, or set ${variable} to another port (0 picks a free one).`,
        );
      } finally {
        holder.close();
      }
    },
  );

  it('finishes a slow call in flight on SIGTERM, then exits 0', async () => {
    const outcome = await sigtermDuringSend(10_000, 1000);
    expect(outcome.status).toBe(200);
    expect(outcome.body.data.sendUserMessage.id).toEqual(expect.any(String));
    expect(outcome.code).toBe(0);
  });

  it('goes on serving when stdout can no longer be written (a full disk), and stops at SIGTERM', async () => {
    const holder = createNetServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const { port } = holder.address() as AddressInfo;
    await new Promise((closed) => holder.close(closed));
    const full = openSync('/dev/full', 'w');
    const child = spawn(process.execPath, [resolve(root, 'dist', 'main.js')], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        EMULATOR_PORT: '0',
        LEDGER: 'off',
        EMULATOR_DATA_DIR: 'memory://',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', full, 'pipe'],
    });
    closeSync(full);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      const base = `http://127.0.0.1:${port}`;
      await eventually(
        () =>
          request(`${base}/healthz`).then(
            (answer) => answer.statusCode,
            () => 0,
          ),
        (status) => status === 200,
      );
      // Enough log lines to fill the buffer: its write to stdout fails.
      for (let sent = 0; sent < 50; sent += 1) {
        const answer = await request(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ intercomApiVersion }' }),
        });
        await answer.body.dump();
        expect(answer.statusCode).toBe(200);
      }
      await until(() => stderr.includes('logs can no longer be written to stdout (ENOSPC)'));
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
    }
    expect((await exited)[0]).toBe(0);
  });

  it('answers a request target that is no URL with 400 on each of its ports, and keeps running', async () => {
    const child = run('main.js', {
      PORT: '0',
      EMULATOR_PORT: '0',
      GATEWAY_METRICS_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    const exited = once(child, 'exit');
    try {
      const waitFor = watchOutput(child);
      const [, graphqlUrl] = await waitFor(/GraphQL gateway ready: (\S+)/);
      const [, emulatorUrl] = await waitFor(/Intercom emulator: +(\S+)/);
      const [, metricsUrl] = await waitFor(/Metrics \(Prometheus\): +(\S+)/);
      // `//` makes no URL against a base (an empty host): sent as is, past any client library.
      const rawGet = async (url: string) => {
        const { hostname, port } = new URL(url);
        const socket = connect(Number(port), hostname);
        socket.end(`GET // HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
        let answer = '';
        for await (const chunk of socket) answer += String(chunk);
        return answer.split('\r\n')[0];
      };
      for (const url of [graphqlUrl, emulatorUrl, metricsUrl]) {
        expect(await rawGet(url as string)).toBe('HTTP/1.1 400 Bad Request');
      }
      expect(child.exitCode).toBeNull();
      const health = await request((graphqlUrl as string).replace('/graphql', '/healthz'));
      expect(health.statusCode).toBe(200);
      await health.body.dump();
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('signs the embedded emulator’s webhooks with a secret of its own, not a public default', async () => {
    const child = run('main.js', { PORT: '0', EMULATOR_PORT: '0', LOG_LEVEL: 'silent' });
    const exited = once(child, 'exit');
    try {
      const [, graphqlUrl] = await watchOutput(child)(/GraphQL gateway ready: (\S+)/);
      const body = JSON.stringify({
        type: 'notification_event',
        id: 'notif_forged',
        topic: 'conversation.user.replied',
        created_at: Math.floor(Date.now() / 1000),
        data: { item: { type: 'conversation', id: '1' } },
      });
      const forged = await request(
        (graphqlUrl as string).replace('/graphql', '/webhooks/intercom'),
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hub-signature': signWebhook(body, 'emulator-client-secret'),
          },
          body,
        },
      );
      await forged.body.dump();
      expect(forged.statusCode).toBe(401);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('at the end of the grace period answers a send still waiting for Intercom, then exits', async () => {
    // Intercom takes the message and holds its answer far longer than the test may run.
    const outcome = await sigtermDuringSend(300, 600_000, 'grace-1');
    expect(outcome.status).toBe(200);
    expect(outcome.body.errors[0].extensions).toMatchObject({
      code: 'UPSTREAM_TIMEOUT',
      mayHaveBeenSent: true,
    });
    expect(outcome.code).toBe(0);
  });

  it('writes a request’s log line within a second, without waiting for the buffer to fill', async () => {
    const child = run('main.js', { PORT: '0', EMULATOR_PORT: '0', LOG_LEVEL: 'info' });
    const exited = once(child, 'exit');
    try {
      const waitFor = watchOutput(child);
      const [, graphqlUrl] = await waitFor(/GraphQL gateway ready: (\S+)/);
      const answer = await request(graphqlUrl as string, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'watch-me' },
        body: JSON.stringify({ query: '{ intercomApiVersion }' }),
      });
      await answer.body.dump();
      // The banner says where Intercom calls go, and in which version.
      await waitFor(/Intercom API: +http:\/\/127\.0\.0\.1:\d+ \(Intercom-Version 2\.14\)/);
      // One line is far below the 16 KB chunk: only the periodic flush writes it.
      await waitFor(/"requestId":"watch-me"/);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('drops log lines, never requests, while nobody reads its stdout, and says how many after', async () => {
    const child = run('main.js', {
      PORT: '0',
      EMULATOR_PORT: '0',
      LOG_LEVEL: 'info',
      GATEWAY_RATE_LIMIT: '0',
    });
    const exited = once(child, 'exit');
    try {
      const waitFor = watchOutput(child);
      // Each line carries a 128-character request id: 4,000 lines are well over what may wait.
      const requestId = 'r'.repeat(128);
      let printed = '';
      child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
      const [, graphqlUrl] = await waitFor(/GraphQL gateway ready: (\S+)/);
      // Nobody reads stdout from here on: the pipe fills, and the gateway's writes wait.
      child.stdout.pause();
      const pool = new Pool(new URL(graphqlUrl as string).origin, { connections: 16 });
      const statuses = new Map<number, number>();
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < 4000) {
            next += 1;
            const answer = await pool.request({
              path: '/graphql',
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-request-id': requestId },
              body: JSON.stringify({ query: '{ intercomApiVersion }' }),
            });
            await answer.body.dump();
            statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
          }
        }),
      );
      await pool.close();
      expect([...statuses]).toEqual([[200, 4000]]);
      child.stdout.resume();
      const [, dropped] = await waitFor(/"dropped":(\d+),[^\n]*log lines dropped/);
      // Every request's line is either written (before the report) or counted in it.
      expect(Number(dropped)).toBeGreaterThan(0);
      const written = printed.split(`"requestId":"${requestId}"`).length - 1;
      expect(written + Number(dropped)).toBe(4000);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  describe('checks the Intercom token at start-up (GET /me)', () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({ port: 0 });
    });
    afterAll(() => emulator.close());

    const against = (token: string, env: Record<string, string> = {}) =>
      run('main.js', {
        PORT: '0',
        LOG_LEVEL: 'silent',
        INTERCOM_ACCESS_TOKEN: token,
        INTERCOM_BASE_URL: emulator.url,
        GATEWAY_AUTH: 'none',
        ...env,
      });

    it('names the workspace and the token’s admin in the banner', async () => {
      const child = against(emulator.accessToken);
      const exited = once(child, 'exit');
      try {
        await watchOutput(child)(
          /Intercom workspace: +Serenity \(emulator\) \(serenity0emulator\), token of admin Wash \(394051\)/,
        );
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    });

    it('in production, a refused token stops the start in one line', async () => {
      const key = hashApiKey('a-key-for-this-test').toString('hex');
      const result = await output(
        against('revoked-token', {
          NODE_ENV: 'production',
          GATEWAY_METRICS_PORT: '0',
          GATEWAY_AUTH: 'api-key',
          GATEWAY_API_KEYS: JSON.stringify([
            { name: 'ops', sha256: key, scopes: ['messages:admin'] },
          ]),
        }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        'The gateway could not start: Intercom refused INTERCOM_ACCESS_TOKEN (401 from GET /me): set a valid access token.',
      );
      expect(result.stderr + result.stdout).not.toContain('revoked-token');
    });

    it('in development, a refused token keeps it running, not ready', async () => {
      const child = against('revoked-token', { LOG_LEVEL: 'error' });
      const exited = once(child, 'exit');
      try {
        const waitFor = watchOutput(child);
        await waitFor(/Intercom refused INTERCOM_ACCESS_TOKEN/);
        const [, graphqlUrl] = await waitFor(/GraphQL gateway ready: (\S+)/);
        const ready = await request((graphqlUrl as string).replace('/graphql', '/readyz'));
        expect(ready.statusCode).toBe(503);
        expect(await ready.body.json()).toMatchObject({ intercom: 'refused' });
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    });
  });

  it('on an error nothing caught, writes the fatal line out before it exits 1', async () => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        resolve(__dirname, 'fixtures', 'throw-once-ready.cjs'),
        resolve(root, 'dist', 'main.js'),
      ],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          PORT: '0',
          EMULATOR_PORT: '0',
          LOG_LEVEL: 'info',
          LEDGER: 'off',
          EMULATOR_DATA_DIR: 'memory://',
        },
      },
    );
    const result = await output(child);
    expect(result.code).toBe(1);
    const fatal = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .find((entry) => entry.level === 60);
    expect(fatal).toMatchObject({
      msg: 'uncaught exception: the gateway stops',
      err: { message: 'a bug nobody caught' },
    });
  });

  it('prints a new API key and its config entry', async () => {
    const result = await output(
      run('tools/apikey.js', {}, [
        '--name',
        'backoffice',
        '--scopes',
        'messages:admin,conversations:read',
      ]),
    );
    expect(result.code).toBe(0);
    const key = result.stdout.match(/^\s+(imgw_\S+)$/m)?.[1] as string;
    const entry = JSON.parse(result.stdout.match(/^\s+(\{.*\})$/m)?.[1] as string);
    expect(entry).toEqual({
      name: 'backoffice',
      sha256: hashApiKey(key).toString('hex'),
      scopes: ['messages:admin', 'conversations:read'],
    });
  });
});

describe('the command lines the README names', () => {
  /** `node <script> ...args`, from the checkout; `script` relative to it. */
  const command = (script: string, args: string[]) =>
    spawn(process.execPath, [resolve(root, script), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '' },
    });

  // npm start answers --help before compiling; the others are the built programs themselves.
  it.each([
    ['npm start', 'scripts/start.mjs', /^Usage: npm start/],
    ['npm run apikey', 'dist/tools/apikey.js', /^Usage: npm run apikey -- --name <name>/],
    ['npm run emulator', 'dist/emulator/main.js', /^Usage: npm run emulator/],
    ["the image's command", 'dist/main.js', /^Usage: node dist\/main.js/],
  ])('%s -- --help (%s) prints the usage and exits 0', async (_, script, usage) => {
    const result = await output(command(script, ['--help']));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(usage);
    expect((await output(command(script, ['-h']))).stdout).toBe(result.stdout);
  });

  it.each([
    ['npm start', 'scripts/start.mjs', ['--port', '5'], /^npm start: unknown argument "--port"/],
    [
      'npm run apikey',
      'dist/tools/apikey.js',
      ['--nmae', 'backoffice'],
      /^npm run apikey: unknown option '--nmae'/,
    ],
    [
      'npm run apikey',
      'dist/tools/apikey.js',
      ['--name', 'backoffice', '--scopes', 'messages:everything'],
      /^npm run apikey: "messages:everything" is not a scope/,
    ],
    [
      'npm run apikey',
      'dist/tools/apikey.js',
      ['--scopes', 'messages:admin'],
      /^npm run apikey: --name is required/,
    ],
    [
      'npm run emulator',
      'dist/emulator/main.js',
      ['--port', '5'],
      /^npm run emulator: unknown option '--port'/,
    ],
    [
      "the image's command",
      'dist/main.js',
      ['--port', '5'],
      /^intercom-messages-gateway: unknown option '--port'/,
    ],
  ])('%s (%s) refuses %j in one line with exit code 2', async (_, script, args, refusal) => {
    const result = await output(command(script, args));
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(refusal);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('-- --help');
  });
});
