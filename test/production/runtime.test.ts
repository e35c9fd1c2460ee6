import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'undici';
import { hashApiKey } from '../../src/auth/api-keys';

/**
 * What the container image runs, without a container engine: the built dist/ in a folder of its
 * own with production dependencies only (as the Dockerfile's runtime stage installs them), started
 * as the image starts it, against a stand-alone emulator, with a real token setting.
 */
const root = resolve(__dirname, '..', '..');
const KEY = 'production-test-key';

function started(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<string> {
  let seen = '';
  return new Promise((resolveMatch, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) resolveMatch(match[1] as string);
    });
    child.stderr.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exited (${code}) before ready: ${seen}`)));
  });
}

describe('the production install', () => {
  let folder: string;
  let installWarnings = '';
  const children: ChildProcessWithoutNullStreams[] = [];

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'imgw-production-'));
    for (const file of ['package.json', 'package-lock.json'])
      cpSync(join(root, file), join(folder, file));
    cpSync(join(root, 'dist'), join(folder, 'dist'), { recursive: true });
    cpSync(join(root, 'scripts'), join(folder, 'scripts'), { recursive: true });
    const install = spawnSync(
      'npm',
      ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'],
      { cwd: folder, encoding: 'utf8' },
    );
    if (install.status !== 0) throw new Error(`npm ci --omit=dev failed: ${install.stderr}`);
    installWarnings = install.stderr;
  });
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
    }
    rmSync(folder, { recursive: true, force: true });
  });

  const run = (args: string[], env: Record<string, string>) => {
    const child = spawn(process.execPath, args, {
      cwd: folder,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    children.push(child);
    return child;
  };

  /** `npm run <args>` in the install, in a process group of its own (npm's children go with it). */
  const npmRun = (args: string[], env: Record<string, string> = {}) => {
    const child = spawn('npm', ['run', '--silent', ...args], {
      cwd: folder,
      env: { PATH: process.env.PATH ?? '', HOME: folder, ...env },
      detached: true,
    });
    children.push(child);
    return child;
  };
  const finished = async (child: ChildProcessWithoutNullStreams) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    return { code, stdout, stderr };
  };

  it('installs on every supported Node without an engine warning', () => {
    expect(installWarnings).not.toContain('EBADENGINE');
  });

  it('has no development tools, starts as the image does, and sends a message', async () => {
    expect(existsSync(join(folder, 'node_modules', 'typescript'))).toBe(false);
    expect(existsSync(join(folder, 'node_modules', 'jest'))).toBe(false);

    const emulator = run(['dist/emulator/main.js'], { EMULATOR_PORT: '0' });
    const emulatorUrl = await started(emulator, /Intercom emulator listening on (\S+)/);

    // The Dockerfile's command, and `npm start` (which must not need the compiler).
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const command = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] as string) as string[];
    expect(command).toEqual(['node', 'dist/main.js']);
    const env = {
      NODE_ENV: 'production',
      PORT: '0',
      GATEWAY_METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      INTERCOM_ACCESS_TOKEN: 'emulator-token',
      INTERCOM_BASE_URL: emulatorUrl,
      GATEWAY_AUTH: 'api-key',
      GATEWAY_API_KEYS: JSON.stringify([
        { name: 'ops', sha256: hashApiKey(KEY).toString('hex'), scopes: ['messages:admin'] },
      ]),
    };
    for (const args of [command.slice(1), ['scripts/start.mjs']]) {
      const gateway = run(args, env);
      const graphqlUrl = await started(gateway, /GraphQL gateway ready: (\S+)/);
      const response = await request(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify({
          query:
            'mutation { sendAdminMessage(input: { messageType: IN_APP, body: "From production", from: { id: "394051" }, to: { type: USER, id: "536e564f316c83104c000020" } }) { id } }',
        }),
      });
      const answer = (await response.body.json()) as any;
      expect(answer.errors).toBeUndefined();
      expect(answer.data.sendAdminMessage.id).toEqual(expect.any(String));

      // The image's HEALTHCHECK command, against this gateway.
      const healthcheck = JSON.parse(
        /HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])$/m.exec(dockerfile)?.[1] as string,
      ) as string[];
      const port = new URL(graphqlUrl).port;
      const probe = spawn(process.execPath, healthcheck.slice(1), {
        env: { PATH: process.env.PATH ?? '', PORT: port },
      });
      const [code] = await once(probe, 'exit');
      expect(code).toBe(0);

      const exited = once(gateway, 'exit');
      gateway.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
    }
  });

  it('runs the tools the README names without the compiler: apikey, emulator, and --help', async () => {
    const made = await finished(
      npmRun(['apikey', '--', '--name', 'ops', '--scopes', 'messages:admin']),
    );
    expect(made.stderr).not.toContain('not found');
    expect(made.code).toBe(0);
    const key = made.stdout.match(/^\s+(imgw_\S+)$/m)?.[1] as string;
    expect(JSON.parse(made.stdout.match(/^\s+(\{.*\})$/m)?.[1] as string)).toEqual({
      name: 'ops',
      sha256: hashApiKey(key).toString('hex'),
      scopes: ['messages:admin'],
    });

    for (const script of [['start'], ['apikey'], ['emulator']]) {
      const help = await finished(npmRun([...script, '--', '--help']));
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout).toMatch(/^Usage: npm (start|run apikey|run emulator)/);
    }
    const unknown = await finished(npmRun(['apikey', '--', '--nmae', 'ops']));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trimEnd().split('\n')).toEqual([
      expect.stringContaining("unknown option '--nmae'"),
    ]);

    const emulator = npmRun(['emulator'], { EMULATOR_PORT: '0' });
    const url = await started(emulator, /Intercom emulator listening on (\S+)/);
    const answer = await request(`${url}/_emulator/state`);
    expect(answer.statusCode).toBe(200);
    await answer.body.dump();
    const exited = once(emulator, 'exit');
    process.kill(-(emulator.pid as number), 'SIGTERM');
    await exited;
  });

  it('runs only trusted documents with GATEWAY_TRUSTED_DOCUMENTS_ONLY, from the committed manifest', async () => {
    const emulator = run(['dist/emulator/main.js'], { EMULATOR_PORT: '0' });
    const emulatorUrl = await started(emulator, /Intercom emulator listening on (\S+)/);
    const manifest = join(root, 'generated', 'graphql', 'persisted-documents.json');
    const gateway = run(['dist/main.js'], {
      NODE_ENV: 'production',
      PORT: '0',
      GATEWAY_METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      INTERCOM_ACCESS_TOKEN: 'emulator-token',
      INTERCOM_BASE_URL: emulatorUrl,
      GATEWAY_AUTH: 'api-key',
      GATEWAY_API_KEYS: JSON.stringify([
        { name: 'ops', sha256: hashApiKey(KEY).toString('hex'), scopes: ['messages:admin'] },
      ]),
      GATEWAY_TRUSTED_DOCUMENTS: manifest,
      GATEWAY_TRUSTED_DOCUMENTS_ONLY: 'true',
    });
    const graphqlUrl = await started(gateway, /GraphQL gateway ready: (\S+)/);
    const hashes = Object.entries(
      JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>,
    );
    const [hash] = hashes.find(([, text]) => text.startsWith('query IntercomApiVersion')) ?? [];
    const ask = async (body: unknown) => {
      const response = await request(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify(body),
      });
      return (await response.body.json()) as any;
    };
    expect(await ask({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } })).toEqual(
      { data: { intercomApiVersion: '2.14' } },
    );
    const adHoc = await ask({ query: '{ intercomApiVersion }' });
    expect(adHoc.errors[0].extensions.code).toBe('QUERY_NOT_IN_SAFELIST');
  });
});
