/**
 * The one place that reads the environment. Every variable is validated at start-up; every bad
 * value gives one line that names the variable and says what it accepts.
 */

export const INTERCOM_VERSIONS = [
  '1.0',
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '2.0',
  '2.1',
  '2.2',
  '2.3',
  '2.4',
  '2.5',
  '2.6',
  '2.7',
  '2.8',
  '2.9',
  '2.10',
  '2.11',
  '2.12',
  '2.13',
  '2.14',
  '2.15',
  '2.16',
] as const;
export type IntercomVersion = (typeof INTERCOM_VERSIONS)[number];

export const INTERCOM_REGIONS = {
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
} as const;
export type IntercomRegion = keyof typeof INTERCOM_REGIONS;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface IntercomConfig {
  /** Unset: the gateway embeds the emulator and talks to it. */
  readonly accessToken: string | undefined;
  readonly region: IntercomRegion;
  /** Explicit base URL; wins over the region. */
  readonly baseUrl: string | undefined;
  readonly version: IntercomVersion;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly maxConnections: number;
  readonly maxRetries: number;
  readonly retryMaxWaitMs: number;
  readonly newContactRetries: number;
  readonly newContactRetryDelayMs: number;
}

export interface ConversationsConfig {
  /** Pages of a contact's conversations one lookup may read before giving up. */
  readonly lookupMaxPages: number;
  readonly cacheMaxEntries: number;
  readonly cacheTtlMs: number;
}

export interface EmulatorConfig {
  readonly host: string;
  readonly port: number;
  readonly accessToken: string;
  readonly rateLimit: number;
  readonly newContactDelayMs: number;
}

export interface GatewayConfig {
  readonly nodeEnv: string;
  readonly production: boolean;
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly intercom: IntercomConfig;
  readonly conversations: ConversationsConfig;
  readonly emulator: EmulatorConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Collects problems so that every bad variable is reported at once, not the first only. */
class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optional(name: string): string | undefined {
    return this.raw(name);
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!/^-?\d+$/.test(value) || number < min || number > max) {
      this.problems.push(
        `${name}=${value} is not valid: expected a whole number from ${min} to ${max}.`,
      );
      return fallback;
    }
    return number;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name}=${value} is not valid: expected one of ${allowed.join(', ')}.`);
      return fallback;
    }
    return value as T;
  }

  url(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      return value.replace(/\/+$/, '');
    } catch {
      this.problems.push(`${name}=${value} is not valid: expected an http(s) URL.`);
      return undefined;
    }
  }

  /** Secrets are never echoed back, not even in a problem line. */
  secret(name: string): string | undefined {
    const value = this.raw(name);
    if (value !== undefined && /\s/.test(value)) {
      this.problems.push(`${name} is not valid: it must not contain white space.`);
    }
    return value;
  }
}

const PORT_MAX = 65535;
const HOUR_MS = 3_600_000;

function readEmulatorConfig(reader: EnvReader): EmulatorConfig {
  return {
    host: reader.string('EMULATOR_HOST', '127.0.0.1'),
    port: reader.integer('EMULATOR_PORT', 4010, 0, PORT_MAX),
    accessToken: reader.secret('EMULATOR_ACCESS_TOKEN') ?? 'emulator-token',
    rateLimit: reader.integer('EMULATOR_RATE_LIMIT', 1666, 0, 1_000_000),
    newContactDelayMs: reader.integer('EMULATOR_NEW_CONTACT_DELAY_MS', 1000, 0, HOUR_MS),
  };
}

/** The emulator's variables alone, for `npm run emulator`; throws ConfigError listing every problem. */
export function loadEmulatorConfig(env: Env): EmulatorConfig {
  const reader = new EnvReader(env);
  const config = readEmulatorConfig(reader);
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return Object.freeze(config);
}

/** Reads and validates the whole configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Env): GatewayConfig {
  const reader = new EnvReader(env);
  const nodeEnv = reader.string('NODE_ENV', 'development');
  const timeoutMs = reader.integer('INTERCOM_TIMEOUT_MS', 20_000, 100, HOUR_MS);
  const config: GatewayConfig = {
    nodeEnv,
    production: nodeEnv === 'production',
    host: reader.string('HOST', '127.0.0.1'),
    port: reader.integer('PORT', 4000, 0, PORT_MAX),
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    intercom: {
      accessToken: reader.secret('INTERCOM_ACCESS_TOKEN'),
      region: reader.oneOf(
        'INTERCOM_REGION',
        Object.keys(INTERCOM_REGIONS) as IntercomRegion[],
        'us',
      ),
      baseUrl: reader.url('INTERCOM_BASE_URL'),
      version: reader.oneOf('INTERCOM_VERSION', INTERCOM_VERSIONS, '2.14'),
      timeoutMs,
      connectTimeoutMs: reader.integer('INTERCOM_CONNECT_TIMEOUT_MS', 5_000, 10, HOUR_MS),
      headersTimeoutMs: reader.integer('INTERCOM_HEADERS_TIMEOUT_MS', timeoutMs, 10, HOUR_MS),
      bodyTimeoutMs: reader.integer('INTERCOM_BODY_TIMEOUT_MS', timeoutMs, 10, HOUR_MS),
      maxConnections: reader.integer('INTERCOM_MAX_CONNECTIONS', 64, 1, 10_000),
      maxRetries: reader.integer('INTERCOM_MAX_RETRIES', 3, 0, 20),
      retryMaxWaitMs: reader.integer('INTERCOM_RETRY_MAX_WAIT_MS', 10_000, 0, HOUR_MS),
      newContactRetries: reader.integer('INTERCOM_NEW_CONTACT_RETRIES', 3, 0, 20),
      newContactRetryDelayMs: reader.integer('INTERCOM_NEW_CONTACT_RETRY_DELAY_MS', 500, 0, 60_000),
    },
    conversations: {
      lookupMaxPages: reader.integer('CONVERSATION_LOOKUP_MAX_PAGES', 20, 1, 1000),
      cacheMaxEntries: reader.integer('CONVERSATION_CACHE_MAX_ENTRIES', 10_000, 1, 10_000_000),
      cacheTtlMs: reader.integer('CONVERSATION_CACHE_TTL_MS', 86_400_000, 1000, 30 * 86_400_000),
    },
    emulator: readEmulatorConfig(reader),
  };
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return Object.freeze(config);
}

/** Where the gateway sends Intercom calls when it talks to the real Intercom. */
export function intercomBaseUrl(config: IntercomConfig): string {
  return config.baseUrl ?? INTERCOM_REGIONS[config.region];
}
