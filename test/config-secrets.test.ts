import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parsePostgresUrl } from 'pg-connection-string';
import { ConfigError, loadConfig } from '../src/config';
import { FILE_SECRETS, PASSWORD_FILES } from '../src/config-secrets';
import { jwtEnv } from './helpers/auth';

/** Secrets from files (`X_FILE`, password files): read at start-up, never repeated. */
let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'gateway-secrets-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A file holding `text`, as a secret mount would (usually with a final line end). */
function secretFile(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const PRODUCTION = {
  NODE_ENV: 'production',
  GATEWAY_METRICS_PORT: '0',
  GATEWAY_AUTH: 'api-key',
  GATEWAY_API_KEYS: JSON.stringify([
    { name: 'app', sha256: 'a'.repeat(64), scopes: ['messages:admin'] },
  ]),
};

describe('secrets from files', () => {
  it('reads each secret from X_FILE, without the final line end', () => {
    const apiKeys = PRODUCTION.GATEWAY_API_KEYS;
    const config = loadConfig({
      INTERCOM_ACCESS_TOKEN_FILE: secretFile('token', 'dG9rOjEyMw==\n'),
      INTERCOM_CLIENT_SECRET_FILE: secretFile('client-secret', 'client-secret-1\r\n'),
      GATEWAY_AUTH: 'jwt',
      GATEWAY_JWT_SECRET_FILE: secretFile('jwt', `${'s'.repeat(40)}\n`),
      GATEWAY_API_KEYS_FILE: secretFile('api-keys', `${apiKeys}\n`),
      DATABASE_URL_FILE: secretFile('database-url', 'postgres://gateway:pw@db:5432/gateway\n'),
      REDIS_URL_FILE: secretFile('redis-url', 'redis://:pw@redis:6379\n'),
    });
    expect(config.intercom.accessToken).toBe('dG9rOjEyMw==');
    expect(config.webhooks.clientSecret).toBe('client-secret-1');
    expect(config.auth.jwtSecret).toBe('s'.repeat(40));
    expect(config.auth.apiKeys.map((entry) => entry.name)).toEqual(['app']);
    expect(config.ledger.databaseUrl).toBe('postgres://gateway:pw@db:5432/gateway');
    expect(config.redis.url).toBe('redis://:pw@redis:6379');
  });

  it('refuses X and X_FILE together, one line naming both', () => {
    expect(
      problemsOf({
        INTERCOM_ACCESS_TOKEN: 'token-from-env',
        INTERCOM_ACCESS_TOKEN_FILE: secretFile('token-both', 'token-from-file\n'),
      }),
    ).toEqual([
      'INTERCOM_ACCESS_TOKEN and INTERCOM_ACCESS_TOKEN_FILE are both set: set one of them.',
    ]);
  });

  it('says in one line which file cannot be used and why, with no cascade after it', () => {
    const missing = join(folder, 'no-such-token');
    // In production a missing token is also a problem: the file's line is the one to fix.
    expect(problemsOf({ ...PRODUCTION, INTERCOM_ACCESS_TOKEN_FILE: missing })).toEqual([
      `INTERCOM_ACCESS_TOKEN_FILE=${missing} cannot be used: there is no such file.`,
    ]);
    const subfolder = join(folder, 'a-folder');
    mkdirSync(subfolder);
    expect(problemsOf({ REDIS_URL_FILE: subfolder })).toEqual([
      `REDIS_URL_FILE=${subfolder} cannot be used: it is a folder, not a file.`,
    ]);
    const empty = secretFile('empty', '\n');
    expect(problemsOf({ INTERCOM_CLIENT_SECRET_FILE: empty })).toEqual([
      `INTERCOM_CLIENT_SECRET_FILE=${empty} cannot be used: it is empty.`,
    ]);
    const huge = secretFile('huge', 'x'.repeat(70_000));
    expect(problemsOf({ GATEWAY_JWT_SECRET_FILE: huge })).toEqual([
      `GATEWAY_JWT_SECRET_FILE=${huge} cannot be used: it is larger than 65536 bytes.`,
    ]);
  });

  it('never repeats what a file holds, even when it is not valid', () => {
    const problems = problemsOf({
      INTERCOM_ACCESS_TOKEN_FILE: secretFile('spaced', 'tok en-secret-part\n'),
      GATEWAY_AUTH: 'none',
      DATABASE_URL_FILE: secretFile('bad-url', 'mysql://root:hunter2@db/x\n'),
    });
    expect(problems).toEqual([
      'INTERCOM_ACCESS_TOKEN is not valid: it must not contain white space.',
      'DATABASE_URL is not valid: expected postgres://[user:password@]host:port/database.',
    ]);
    expect(problems.join()).not.toMatch(/secret-part|hunter2/);
  });

  it('puts a password file into its URL percent-encoded, whatever characters it holds', () => {
    const password = 'p@ss:w/rd%41 #?&é';
    const file = secretFile('password', `${password}\n`);
    const config = loadConfig({
      DATABASE_URL: 'postgres://gateway@postgres:5432/gateway',
      DATABASE_PASSWORD_FILE: file,
      REDIS_URL: 'redis://redis:6379',
      REDIS_PASSWORD_FILE: file,
    });
    const database = parsePostgresUrl(config.ledger.databaseUrl ?? '');
    expect(database).toMatchObject({ user: 'gateway', host: 'postgres', database: 'gateway' });
    expect(database.password).toBe(password);
    const redis = new URL(config.redis.url ?? '');
    expect(redis.host).toBe('redis:6379');
    expect(decodeURIComponent(redis.password)).toBe(password);
  });

  it('refuses a password file without its URL, or for a URL that holds a password', () => {
    const file = secretFile('password-2', 'pw\n');
    expect(problemsOf({ DATABASE_PASSWORD_FILE: file })).toEqual([
      'DATABASE_PASSWORD_FILE needs DATABASE_URL: the URL (without a password) it completes.',
    ]);
    expect(
      problemsOf({ REDIS_URL: 'redis://:other@redis:6379', REDIS_PASSWORD_FILE: file }),
    ).toEqual(['REDIS_URL already holds a password: remove it, or unset REDIS_PASSWORD_FILE.']);
  });
});

describe('configuration lines that stand alone', () => {
  it('reports a REDIS_URL that is not valid once, not again as a ledger problem', () => {
    expect(problemsOf({ REDIS_URL: 'nope' })).toEqual([
      'REDIS_URL is not valid: expected redis://[user:password@]host:port[/db].',
    ]);
    // A valid one still needs a shared ledger database.
    expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual([
      'LEDGER=on with REDIS_URL (several replicas) needs DATABASE_URL: an embedded ledger belongs to one replica. Set DATABASE_URL, or LEDGER=off.',
    ]);
  });

  it('reads the metrics listener, refusing a host without a port and the public port', () => {
    expect(loadConfig({}).metrics).toEqual({
      port: undefined,
      host: '127.0.0.1',
      onPublicPort: true,
    });
    // A person's token must not read it: kept off PORT with JWTs.
    expect(loadConfig(jwtEnv()).metrics).toEqual({
      port: undefined,
      host: '127.0.0.1',
      onPublicPort: false,
    });
    expect(
      loadConfig({ GATEWAY_METRICS_PORT: '9464', GATEWAY_METRICS_HOST: '0.0.0.0' }).metrics,
    ).toEqual({ port: 9464, host: '0.0.0.0', onPublicPort: false });
    expect(problemsOf({ GATEWAY_METRICS_HOST: '0.0.0.0' })).toEqual([
      'GATEWAY_METRICS_HOST needs GATEWAY_METRICS_PORT: the port it serves on.',
    ]);
    expect(problemsOf({ PORT: '4000', GATEWAY_METRICS_PORT: '4000' })).toEqual([
      'GATEWAY_METRICS_PORT=4000 is PORT too: give /metrics a port of its own, or unset it.',
    ]);
  });
});

describe('documentation of secrets from files', () => {
  const read = (file: string) => readFileSync(join(__dirname, '..', file), 'utf8');
  const names = [
    ...FILE_SECRETS.map((name) => `${name}_FILE`),
    ...PASSWORD_FILES.map(({ variable }) => variable),
    'GATEWAY_METRICS_PORT',
    'GATEWAY_METRICS_HOST',
  ];

  it.each(['README.md', '.env.example'])('%s names every file variable', (file) => {
    const text = read(file);
    expect(names.filter((name) => !text.includes(name))).toEqual([]);
  });
});
