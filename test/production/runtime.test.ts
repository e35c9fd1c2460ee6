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
});
