import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parsePostgresUrl } from 'pg-connection-string';
import { parse } from 'yaml';
import { loadConfig } from '../src/config';

/**
 * compose.yaml read as Compose reads it (no container engine here): each property a real
 * deployment needs, and the gateway's environment from it run through the gateway's own
 * configuration with its secrets mounted as files.
 */
interface Service {
  image?: string;
  command?: string[];
  entrypoint?: unknown;
  environment?: Record<string, string>;
  secrets?: string[];
  ports?: string[];
  expose?: string[];
  healthcheck?: { test: string[] };
}
interface ComposeFile {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
}

const root = resolve(__dirname, '..');
const compose = parse(readFileSync(join(root, 'compose.yaml'), 'utf8')) as ComposeFile;
const { redis, postgres, gateway } = compose.services as Record<string, Service>;

/** Compose's interpolation: `$$`, `${NAME}`, `${NAME:-default}`, `${NAME:?message}`. */
function interpolate(text: string, variables: Record<string, string>): string {
  return text.replace(
    /\$\$|\$\{(\w+)(?::([-?])([^}]*))?\}/g,
    (whole, name?: string, kind?: string, rest?: string) => {
      if (whole === '$$') return '$';
      const value = variables[name as string];
      if (value !== undefined && value !== '') return value;
      if (kind === '-') return rest ?? '';
      if (kind === '?') throw new Error(`compose refuses to start: ${rest}`);
      return '';
    },
  );
}

/** Where a service reads secret `name` (Compose mounts each at /run/secrets/<name>). */
const mounted = (name: string) => `/run/secrets/${name}`;

const SECRET_NAMES = /TOKEN|SECRET|PASSWORD|^DATABASE_URL$|^REDIS_URL$/;

describe('compose.yaml', () => {
  it('declares every secret a service uses as a file under ./secrets', () => {
    const used = Object.values(compose.services).flatMap((service) => service.secrets ?? []);
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) {
      expect(compose.secrets[name]?.file).toBe(`./secrets/${name}`);
    }
  });

  it('gives no service a secret in its environment: files, or URLs without a password', () => {
    for (const [serviceName, service] of Object.entries(compose.services)) {
      for (const [name, value] of Object.entries(service.environment ?? {})) {
        if (!SECRET_NAMES.test(name)) continue;
        if (name.endsWith('_FILE')) {
          // A file Compose mounts into this service.
          const secret = String(value).replace('/run/secrets/', '');
          expect({ serviceName, name, mounted: service.secrets ?? [] }).toEqual({
            serviceName,
            name,
            mounted: expect.arrayContaining([secret]),
          });
          expect(value).toBe(mounted(secret));
        } else {
          expect({ serviceName, name, password: new URL(String(value)).password }).toEqual({
            serviceName,
            name,
            password: '',
          });
        }
      }
    }
  });

  it('runs Redis with a password from its secret, never on a command line', () => {
    const script = (redis?.command ?? []).join(' ');
    expect(redis?.secrets).toEqual(['redis_password']);
    expect(script).toMatch(/requirepass \$\$\(cat \/run\/secrets\/redis_password\)/);
    // Read from standard input: `-` as redis-server's last argument, the config on a here-doc.
    expect(script).toMatch(/redis-server[^\n]* -\s*<<EOF\n/);
    expect(script).not.toContain('--requirepass');
    // Through the image's entrypoint, which drops root for the redis user.
    expect(script).toContain('exec docker-entrypoint.sh redis-server');
    expect(redis?.healthcheck?.test.join(' ')).toContain(
      'REDISCLI_AUTH="$$(cat /run/secrets/redis_password)"',
    );
  });

  it('gives PostgreSQL its password as a file, the same file the gateway reads', () => {
    expect(postgres?.environment?.POSTGRES_PASSWORD).toBeUndefined();
    expect(postgres?.environment?.POSTGRES_PASSWORD_FILE).toBe(mounted('postgres_password'));
    expect(gateway?.environment?.DATABASE_PASSWORD_FILE).toBe(mounted('postgres_password'));
    expect(gateway?.environment?.REDIS_PASSWORD_FILE).toBe(mounted('redis_password'));
  });

  it('publishes GraphQL only: /metrics on a port of its own, inside the network', () => {
    const metricsPort = gateway?.environment?.GATEWAY_METRICS_PORT;
    expect(metricsPort).toBe('9464');
    expect(gateway?.environment?.GATEWAY_METRICS_HOST).toBe('0.0.0.0');
    expect(gateway?.expose).toEqual(['9464']);
    for (const published of gateway?.ports ?? []) {
      // host[:...]:container — the container side is the public port only.
      expect(published.split(':').at(-1)).toBe('4000');
    }
  });

  it('names the webhooks secret', () => {
    expect(gateway?.environment?.INTERCOM_CLIENT_SECRET_FILE).toBe(
      mounted('intercom_client_secret'),
    );
    expect(gateway?.secrets).toContain('intercom_client_secret');
  });

  describe('the gateway started from it', () => {
    let folder: string;
    beforeAll(() => {
      folder = mkdtempSync(join(tmpdir(), 'gateway-compose-'));
    });
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    /** The gateway's configuration as one replica would load it, its secrets in `folder`. */
    function gatewayConfig(secrets: Record<string, string>, dotEnv: Record<string, string>) {
      for (const [name, text] of Object.entries(secrets)) {
        writeFileSync(join(folder, name), `${text}\n`);
      }
      const env = Object.fromEntries(
        Object.entries(gateway?.environment ?? {}).map(([name, value]) => [
          name,
          interpolate(String(value), dotEnv).replace('/run/secrets/', `${folder}/`),
        ]),
      );
      return loadConfig(env);
    }

    const apiKeys = JSON.stringify([
      { name: 'app', sha256: 'b'.repeat(64), scopes: ['messages:admin'] },
    ]);

    it('loads in production, each password in its URL whatever characters it holds', () => {
      const postgresPassword = 'pä$$:w/rd@#%20?';
      const redisPassword = 'r3dis/pass@word:';
      const config = gatewayConfig(
        {
          intercom_access_token: 'dG9rOjEyMw==',
          intercom_client_secret: 'client-secret',
          postgres_password: postgresPassword,
          redis_password: redisPassword,
        },
        { GATEWAY_API_KEYS: apiKeys },
      );
      expect(config.production).toBe(true);
      expect(config.intercom.accessToken).toBe('dG9rOjEyMw==');
      expect(config.webhooks.clientSecret).toBe('client-secret');
      const database = parsePostgresUrl(config.ledger.databaseUrl ?? '');
      expect(database).toMatchObject({ user: 'gateway', host: 'postgres', port: '5432' });
      expect(database.password).toBe(postgresPassword);
      const redisUrl = new URL(config.redis.url ?? '');
      expect(redisUrl.host).toBe('redis:6379');
      expect(decodeURIComponent(redisUrl.password)).toBe(redisPassword);
      expect(config.metrics).toEqual({ port: 9464, host: '0.0.0.0', onPublicPort: false });
      expect(config.idempotency.required).toBe(true);
    });

    it('refuses to start without GATEWAY_API_KEYS, saying how to make one', () => {
      expect(() => gatewayConfig({}, {})).toThrow(
        'compose refuses to start: set GATEWAY_API_KEYS (npm run apikey prints an entry)',
      );
    });
  });
});
