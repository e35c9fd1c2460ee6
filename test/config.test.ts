import { ConfigError, intercomBaseUrl, loadConfig } from '../src/config';
import { readEmulatorEnvironment } from '../src/emulator/config';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has working defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      production: false,
      intercom: {
        accessToken: undefined,
        region: 'us',
        version: '2.14',
        timeoutMs: 20000,
        headersTimeoutMs: 20000,
      },
      emulator: {
        port: 4010,
        accessToken: 'emulator-token',
        rateLimit: 1666,
        newContactDelayMs: 1000,
      },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reports every bad value at once, one clear line each', () => {
    expect(
      problemsOf({
        PORT: 'abc',
        INTERCOM_VERSION: '3.0',
        INTERCOM_REGION: 'mars',
        INTERCOM_BASE_URL: 'ftp://example.com',
        LOG_LEVEL: 'loud',
        EMULATOR_RATE_LIMIT: '-1',
      }),
    ).toEqual([
      'PORT=abc is not valid: expected a whole number from 0 to 65535.',
      'LOG_LEVEL=loud is not valid: expected one of fatal, error, warn, info, debug, trace, silent.',
      'INTERCOM_REGION=mars is not valid: expected one of us, eu, au.',
      'INTERCOM_BASE_URL=ftp://example.com is not valid: expected an http(s) URL.',
      expect.stringMatching(
        /^INTERCOM_VERSION=3\.0 is not valid: expected one of 1\.0, .*2\.16\.$/,
      ),
      'EMULATOR_RATE_LIMIT=-1 is not valid: expected a whole number from 0 to 1000000.',
    ]);
  });

  it('refuses a NODE_ENV it does not know, rather than running as development', () => {
    expect(problemsOf({ NODE_ENV: 'Production' })).toEqual([
      'NODE_ENV=Production is not valid: expected one of development, test, production.',
    ]);
  });

  it('says once that production needs GATEWAY_AUTH, without a cascade about keys', () => {
    expect(
      problemsOf({
        NODE_ENV: 'production',
        INTERCOM_ACCESS_TOKEN: 'token',
        GATEWAY_METRICS_PORT: '0',
      }),
    ).toEqual([
      'GATEWAY_AUTH is required when NODE_ENV=production: api-key or jwt (none only outside production).',
    ]);
  });

  it('refuses in production what would give away a secret or trust: one line each', () => {
    const production = {
      NODE_ENV: 'production',
      INTERCOM_ACCESS_TOKEN: 'token',
      GATEWAY_AUTH: 'jwt',
      GATEWAY_JWKS_URL: 'http://idp.example.com/.well-known/jwks.json',
      // The scheme's case is no way around it.
      INTERCOM_BASE_URL: 'HTTP://intercom-proxy.internal',
    };
    expect(problemsOf(production)).toEqual([
      'GATEWAY_JWKS_URL must be an https URL when NODE_ENV=production: keys fetched over plain http can be swapped on the way, and tokens forged with them.',
      'GATEWAY_JWT_AUDIENCE is required with GATEWAY_AUTH=jwt when NODE_ENV=production: without it, a token your identity provider issued for another application is accepted.',
      'GATEWAY_METRICS_PORT is required when NODE_ENV=production: /metrics would be served to anyone on PORT. Give it a port of its own, kept inside your network.',
      'INTERCOM_BASE_URL must be an https URL when NODE_ENV=production: the Intercom access token would travel in the clear.',
    ]);
    // https, an audience and a port of its own; plain http to this machine (a local proxy).
    const config = loadConfig({
      ...production,
      GATEWAY_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
      GATEWAY_JWT_AUDIENCE: 'https://gateway.example.com',
      GATEWAY_METRICS_PORT: '9464',
      INTERCOM_BASE_URL: 'http://127.0.0.1:4010',
    });
    expect(config.intercom.baseUrl).toBe('http://127.0.0.1:4010');
    // Outside production, plain http stays allowed (a stand-alone emulator, a test IdP).
    expect(() =>
      loadConfig({ ...production, NODE_ENV: 'development', GATEWAY_JWT_AUDIENCE: 'x' }),
    ).not.toThrow();
  });

  it('refuses GATEWAY_SANDBOX, naming what replaced it', () => {
    expect(problemsOf({ GATEWAY_SANDBOX: 'true' })).toEqual([
      'GATEWAY_SANDBOX is replaced by GATEWAY_EXPLORER: sandbox, graphiql (self-hosted) or off.',
    ]);
    expect(problemsOf({ GATEWAY_EXPLORER: 'apollo' })).toEqual([
      'GATEWAY_EXPLORER=apollo is not valid: expected one of sandbox, graphiql, off.',
    ]);
    expect(loadConfig({}).explorer).toBe('sandbox');
  });

  it('reads GATEWAY_TRUST_PROXY as a number of proxies', () => {
    expect(loadConfig({ GATEWAY_TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ GATEWAY_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({}).trustProxy).toBe(0);
    expect(problemsOf({ GATEWAY_TRUST_PROXY: 'yes' })).toHaveLength(1);
  });

  it('never repeats a secret in a problem line', () => {
    const problems = problemsOf({ INTERCOM_ACCESS_TOKEN: 'tok en-secret', GATEWAY_AUTH: 'none' });
    expect(problems).toEqual([
      'INTERCOM_ACCESS_TOKEN is not valid: it must not contain white space.',
    ]);
    expect(problems.join()).not.toContain('secret');
  });

  it('picks the base URL from the region unless one is given', () => {
    expect(intercomBaseUrl(loadConfig({ INTERCOM_REGION: 'eu' }).intercom)).toBe(
      'https://api.eu.intercom.io',
    );
    expect(intercomBaseUrl(loadConfig({ INTERCOM_REGION: 'au' }).intercom)).toBe(
      'https://api.au.intercom.io',
    );
    expect(intercomBaseUrl(loadConfig({}).intercom)).toBe('https://api.intercom.io');
    expect(
      intercomBaseUrl(loadConfig({ INTERCOM_BASE_URL: 'http://127.0.0.1:4010/' }).intercom),
    ).toBe('http://127.0.0.1:4010');
  });

  it('validates the emulator variables alone for npm run emulator', () => {
    expect(readEmulatorEnvironment({ EMULATOR_PORT: '0' }).config.port).toBe(0);
    expect(readEmulatorEnvironment({ EMULATOR_PORT: '70000' }).problems).toEqual([
      'EMULATOR_PORT=70000 is not valid: expected a whole number from 0 to 65535.',
    ]);
    expect(readEmulatorEnvironment({ EMULATOR_DEFAULT_VERSION: '1.4' }).config.defaultVersion).toBe(
      '1.4',
    );
    expect(readEmulatorEnvironment({ EMULATOR_DEFAULT_VERSION: '3.0' }).problems).toHaveLength(1);
    // The gateway reports the embedded emulator's problems with its own, one line each.
    expect(problemsOf({ EMULATOR_RATE_LIMIT: '-1' })).toEqual([
      'EMULATOR_RATE_LIMIT=-1 is not valid: expected a whole number from 0 to 1000000.',
    ]);
  });

  it("keeps the embedded emulator's state beside the ledger's, and in memory with a ledger in memory", () => {
    const dataDirOf = (env: Record<string, string>) => loadConfig(env).emulator.dataDir;
    expect(dataDirOf({})).toBe('data/emulator');
    expect(dataDirOf({ LEDGER_DATA_DIR: '/srv/gateway/ledger' })).toBe('/srv/gateway/emulator');
    expect(dataDirOf({ LEDGER_DATA_DIR: 'memory://' })).toBe('memory://');
    expect(dataDirOf({ LEDGER_DATA_DIR: 'memory://', EMULATOR_DATA_DIR: 'state' })).toBe('state');
  });
});
