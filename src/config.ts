import { dirname, join } from 'node:path';
import { readEmulatorEnvironment, type EmulatorConfig } from './emulator/config';
import { SCOPES, isScope, type Scope } from './auth/scopes';
import type { TrustProxy } from './http/client-address';
import { INTERCOM_VERSIONS, type IntercomVersion } from './intercom/versions';
import { readSecretFiles } from './config-secrets';
import type { TrustedDocumentsConfig } from './guards/document-admission';
import { TrustedDocuments } from './guards/trusted-documents';

/**
 * The one place that reads the environment. Every variable is validated at start-up; every bad
 * value gives one line that names the variable and says what it accepts.
 */

export { INTERCOM_VERSIONS, type IntercomVersion };

export const EXPLORERS = ['sandbox', 'graphiql', 'off'] as const;
export type Explorer = (typeof EXPLORERS)[number];

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
  /** Answers larger than this are not read (UPSTREAM_BAD_RESPONSE). */
  readonly maxResponseBytes: number;
  readonly maxRetries: number;
  readonly retryMaxWaitMs: number;
  readonly newContactRetries: number;
  readonly newContactRetryDelayMs: number;
  /** Pace calls from X-RateLimit-* instead of running into 429s. */
  readonly quotaPacing: boolean;
  readonly quotaMaxWaitMs: number;
  readonly quotaMaxQueue: number;
  /** Percent of each rate-limit window subscriptions' calls (polls) may use; sends go first. */
  readonly quotaPollSharePercent: number;
}

export type AuthMode = 'none' | 'api-key' | 'jwt';

export interface ApiKeyEntry {
  readonly name: string;
  /** Hex SHA-256 of the key; the key itself is never configured or stored. */
  readonly sha256: string;
  readonly scopes: readonly Scope[];
}

export interface AuthConfig {
  readonly mode: AuthMode;
  readonly apiKeys: readonly ApiKeyEntry[];
  readonly jwksUrl: string | undefined;
  readonly jwtSecret: string | undefined;
  readonly jwtIssuer: string | undefined;
  readonly jwtAudience: string | undefined;
  /** The claim that holds the person's Intercom user_id. */
  readonly jwtUserIdClaim: string;
  /** The longest a token may be valid for (from `iat`, or from now without one). */
  readonly jwtMaxLifetimeSeconds: number;
}

export interface LimitsConfig {
  /** Connections (HTTP and WebSocket) open at once on this replica; past it new ones are dropped. */
  readonly maxConnections: number;
  /**
   * The longest a client may take to send a whole request (headers and body): a client that
   * drips its bytes holds a connection and its buffers no longer than this.
   */
  readonly requestTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  readonly maxCost: number;
  /** Requests a client may make per window; 0 turns the limit off. */
  readonly rateLimitPoints: number;
  readonly rateLimitWindowSeconds: number;
  /** Subscriptions one WebSocket may run at once. */
  readonly subscriptionsPerSocket: number;
  /** Subscriptions one client (principal) may run at once on this replica, over all its sockets. */
  readonly subscriptionsPerClient: number;
  /** WebSockets one client (principal) may hold open at once on this replica. */
  readonly socketsPerClient: number;
  /** The longest a WebSocket stays open, whatever its credential (API keys never expire). */
  readonly socketMaxLifetimeSeconds: number;
}

export interface IdempotencyConfig {
  readonly ttlSeconds: number;
  readonly maxEntries: number;
  /** Refuse sends with a key when the shared store is down, rather than risk a duplicate. */
  readonly required: boolean;
  /** A claim's lease: renewed while its send is alive; once it runs out, its owner is gone. */
  readonly leaseMs: number;
}

export interface RedisConfig {
  /** Unset: every store is in this process's memory. */
  readonly url: string | undefined;
  readonly keyPrefix: string;
  /** The longest any Redis command may take before the gateway carries on without it. */
  readonly timeoutMs: number;
}

export interface WebhooksConfig {
  /** The Intercom app's client secret; unset: no webhook endpoint (unless the emulator is embedded). */
  readonly clientSecret: string | undefined;
  readonly maxBodyBytes: number;
  /** Webhook bodies read at once (each up to `maxBodyBytes`, before its signature is checked). */
  readonly maxConcurrentReads: number;
  /** Notifications older than this are not published; their ids are kept at least this long. */
  readonly maxAgeSeconds: number;
  /** Notification ids kept in memory (without Redis) to drop redeliveries. */
  readonly dedupeMaxEntries: number;
}

export interface LedgerConfig {
  /** LEDGER=on: every send and reply is recorded. */
  readonly enabled: boolean;
  /** A PostgreSQL server (several replicas share it); unset: the embedded engine. */
  readonly databaseUrl: string | undefined;
  /** The embedded engine's data folder (`memory://` keeps nothing). */
  readonly dataDir: string;
  readonly schema: string;
  readonly storeBodies: boolean;
  /** Entries older than this many days are deleted; 0 keeps them. */
  readonly retentionDays: number;
  readonly timeoutMs: number;
  readonly maxConnections: number;
  /** LEDGER_REQUIRED: true refuses a send whose entry cannot be written; false sends and records later. */
  readonly required: boolean;
  /** How often old entries are purged, abandoned ones expired and late writes retried. */
  readonly upkeepIntervalMs: number;
  /** LEDGER_SYNCHRONOUS_COMMIT: whether each ledger write waits for the server's disk. */
  readonly synchronousCommit: boolean;
  /** LEDGER_OUTCOME_BEFORE_ANSWER: whether a send's answer waits for its outcome's write. */
  readonly outcomeBeforeAnswer: boolean;
}

export interface BulkConfig {
  /** BULK_MAX_RECIPIENTS: most recipients in one batch, duplicates removed. */
  readonly maxRecipients: number;
  /** BULK_CLIENT_MAX_OPEN_BATCHES: a client's batches not finished (queued, running, paused). */
  readonly clientMaxOpenBatches: number;
  /** BULK_CLIENT_MAX_PENDING_RECIPIENTS: recipients a client's open batches may still hold. */
  readonly clientMaxPendingRecipients: number;
  /** BULK_QUOTA_SHARE: the fraction (0-1] of each rate-limit window bulk sends may use. */
  readonly quotaShare: number;
}

export interface ConversationsConfig {
  /** Pages of a contact's conversations one lookup may read before giving up. */
  readonly lookupMaxPages: number;
  readonly cacheMaxEntries: number;
  readonly cacheTtlMs: number;
  /** Without webhooks, how often a waiting conversationStarted asks Intercom. */
  readonly pollIntervalMs: number;
  /** Without webhooks, how long a conversationStarted waits in all. */
  readonly pollMaxWaitMs: number;
}

export interface MetricsConfig {
  /** GATEWAY_METRICS_PORT: /metrics on a listener of its own (and refused on PORT); unset: on PORT. */
  readonly port: number | undefined;
  /**
   * /metrics served on PORT: no port of its own, and not GATEWAY_AUTH=jwt. A person's token must
   * not scrape it: its counts by route and status would tell which conversation ids exist.
   */
  readonly onPublicPort: boolean;
  /** GATEWAY_METRICS_HOST: the interface of that listener. */
  readonly host: string;
}

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export type { EmulatorConfig };

export interface GatewayConfig {
  readonly nodeEnv: NodeEnv;
  readonly production: boolean;
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  readonly introspection: boolean;
  /**
   * The page a browser gets at /graphql: Apollo Sandbox (from Apollo's CDN, GraphiQL where that
   * cannot load), the self-hosted GraphiQL, or none.
   */
  readonly explorer: Explorer;
  /** Browser origins allowed to call the gateway (CORS); empty: none. */
  readonly corsOrigins: readonly string[];
  /** Development without GATEWAY_CORS_ORIGINS: local pages (any port) and Apollo's Sandbox. */
  readonly corsDevelopmentDefaults: boolean;
  /** Proxies in front that append to X-Forwarded-For; 0: the socket's address is the client's. */
  readonly trustProxy: TrustProxy;
  readonly shutdownGraceMs: number;
  readonly auth: AuthConfig;
  readonly limits: LimitsConfig;
  readonly idempotency: IdempotencyConfig;
  readonly redis: RedisConfig;
  readonly ledger: LedgerConfig;
  readonly webhooks: WebhooksConfig;
  readonly intercom: IntercomConfig;
  readonly conversations: ConversationsConfig;
  readonly bulk: BulkConfig;
  readonly metrics: MetricsConfig;
  readonly emulator: EmulatorConfig;
  /** GATEWAY_TRUSTED_DOCUMENTS (the manifest, read at start-up) and GATEWAY_TRUSTED_DOCUMENTS_ONLY. */
  readonly trustedDocuments: TrustedDocumentsConfig;
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

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    this.problems.push(`${name}=${value} is not valid: expected true or false.`);
    return fallback;
  }

  list(name: string): string[] {
    const value = this.raw(name);
    return value === undefined
      ? []
      : value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean);
  }

  problem(line: string): void {
    this.problems.push(line);
  }

  /** A postgres:// or postgresql:// URL; its password is never echoed back. */
  postgresUrl(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        throw new Error('protocol');
      }
      return value;
    } catch {
      this.problems.push(
        `${name} is not valid: expected postgres://[user:password@]host:port/database.`,
      );
      return undefined;
    }
  }

  /** A redis:// or rediss:// URL; its password is never echoed back. */
  redisUrl(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('protocol');
      return value;
    } catch {
      this.problems.push(`${name} is not valid: expected redis://[user:password@]host:port[/db].`);
      return undefined;
    }
  }

  /** `false`/`0`: no proxy trusted; `true`: one; or how many proxies append X-Forwarded-For. */
  trustedHops(name: string): number {
    const value = this.raw(name);
    if (value === undefined || value === 'false') return 0;
    if (value === 'true') return 1;
    if (/^\d{1,2}$/.test(value) && Number(value) <= 10) return Number(value);
    this.problems.push(
      `${name}=${value} is not valid: expected false, true (one proxy) or the number of proxies, 0 to 10.`,
    );
    return 0;
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

function readApiKeys(reader: EnvReader): ApiKeyEntry[] {
  const raw = reader.optional('GATEWAY_API_KEYS');
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    reader.problem(
      'GATEWAY_API_KEYS is not valid: expected a JSON array (npm run apikey prints an entry).',
    );
    return [];
  }
  if (!Array.isArray(parsed)) {
    reader.problem(
      'GATEWAY_API_KEYS is not valid: expected a JSON array of {"name","sha256","scopes"}.',
    );
    return [];
  }
  const entries: ApiKeyEntry[] = [];
  parsed.forEach((entry: unknown, index) => {
    const item = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
      string,
      unknown
    >;
    const where = `GATEWAY_API_KEYS[${index}]`;
    if (typeof item.name !== 'string' || item.name.trim() === '') {
      reader.problem(`${where} is not valid: "name" must be a non-empty string.`);
      return;
    }
    if (typeof item.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(item.sha256)) {
      reader.problem(`${where} (${item.name}) is not valid: "sha256" must be 64 hex digits.`);
      return;
    }
    if (!Array.isArray(item.scopes) || item.scopes.length === 0 || !item.scopes.every(isScope)) {
      reader.problem(
        `${where} (${item.name}) is not valid: "scopes" must list some of ${SCOPES.join(', ')}.`,
      );
      return;
    }
    entries.push({ name: item.name, sha256: item.sha256.toLowerCase(), scopes: item.scopes });
  });
  return entries;
}

/** Whether a URL names this machine (loopback): plain http never leaves it. */
function isLoopback(url: string): boolean {
  const { hostname } = new URL(url);
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * In production, a URL that carries a secret or what the gateway trusts must be https (plain
 * http to this machine excepted): `why` says what plain http would give away.
 */
function requireHttps(
  reader: EnvReader,
  name: string,
  url: string | undefined,
  production: boolean,
  why: string,
): void {
  if (production && url !== undefined && new URL(url).protocol === 'http:' && !isLoopback(url)) {
    reader.problem(`${name} must be an https URL when NODE_ENV=production: ${why}.`);
  }
}

function readAuth(reader: EnvReader, production: boolean, hasIntercomToken: boolean): AuthConfig {
  const declared = reader.oneOf<AuthMode | 'unset'>(
    'GATEWAY_AUTH',
    ['none', 'api-key', 'jwt'],
    'unset',
  );
  let mode: AuthMode = declared === 'unset' ? 'none' : declared;
  // One line per real problem: an unset or refused mode says so, and nothing more about keys.
  if (declared === 'unset' && (hasIntercomToken || production)) {
    reader.problem(
      `GATEWAY_AUTH is required when ${production ? 'NODE_ENV=production' : 'INTERCOM_ACCESS_TOKEN is set'}: api-key or jwt (none only outside production).`,
    );
  } else if (mode === 'none' && production) {
    reader.problem('GATEWAY_AUTH=none is refused when NODE_ENV=production: use api-key or jwt.');
  }
  if (mode === 'none' && production) mode = 'api-key';
  const apiKeys = readApiKeys(reader);
  if (declared === 'api-key' && apiKeys.length === 0) {
    reader.problem('GATEWAY_API_KEYS is required with GATEWAY_AUTH=api-key.');
  }
  const jwksUrl = reader.url('GATEWAY_JWKS_URL');
  const jwtSecret = reader.secret('GATEWAY_JWT_SECRET');
  if (jwtSecret !== undefined && Buffer.byteLength(jwtSecret) < 32) {
    reader.problem('GATEWAY_JWT_SECRET is not valid: it must be at least 32 bytes (HS256).');
  }
  if (mode === 'jwt' && (jwksUrl === undefined) === (jwtSecret === undefined)) {
    reader.problem('GATEWAY_AUTH=jwt needs exactly one of GATEWAY_JWKS_URL or GATEWAY_JWT_SECRET.');
  }
  requireHttps(
    reader,
    'GATEWAY_JWKS_URL',
    jwksUrl,
    production,
    'keys fetched over plain http can be swapped on the way, and tokens forged with them',
  );
  const jwtAudience = reader.optional('GATEWAY_JWT_AUDIENCE');
  if (mode === 'jwt' && production && jwtAudience === undefined) {
    reader.problem(
      'GATEWAY_JWT_AUDIENCE is required with GATEWAY_AUTH=jwt when NODE_ENV=production: without it, a token your identity provider issued for another application is accepted.',
    );
  }
  return {
    mode,
    apiKeys,
    jwksUrl,
    jwtSecret,
    jwtIssuer: reader.optional('GATEWAY_JWT_ISSUER'),
    jwtAudience,
    jwtUserIdClaim: reader.string('GATEWAY_JWT_USER_ID_CLAIM', 'sub'),
    jwtMaxLifetimeSeconds: reader.integer(
      'GATEWAY_JWT_MAX_LIFETIME_SECONDS',
      86_400,
      60,
      30 * 86_400,
    ),
  };
}
const HOUR_MS = 3_600_000;

function readLedger(reader: EnvReader, redisUrl: string | undefined): LedgerConfig {
  const enabled = reader.oneOf('LEDGER', ['on', 'off'] as const, 'on') === 'on';
  const databaseUrl = reader.postgresUrl('DATABASE_URL');
  const schema = reader.string('LEDGER_SCHEMA', 'public');
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    reader.problem(
      `LEDGER_SCHEMA=${schema.slice(0, 64)} is not valid: expected lower-case letters, digits and _ (at most 63).`,
    );
  }
  // A REDIS_URL that is not valid is reported once, by its own rule, not again here.
  if (enabled && databaseUrl === undefined && redisUrl !== undefined) {
    reader.problem(
      'LEDGER=on with REDIS_URL (several replicas) needs DATABASE_URL: an embedded ledger belongs to one replica. Set DATABASE_URL, or LEDGER=off.',
    );
  }
  return {
    enabled,
    databaseUrl,
    dataDir: reader.string('LEDGER_DATA_DIR', 'data/ledger'),
    schema,
    storeBodies: reader.boolean('LEDGER_STORE_BODIES', true),
    retentionDays: reader.integer('LEDGER_RETENTION_DAYS', 90, 0, 36_500),
    timeoutMs: reader.integer('DATABASE_TIMEOUT_MS', 5000, 100, HOUR_MS),
    maxConnections: reader.integer('DATABASE_MAX_CONNECTIONS', 10, 1, 1000),
    required: reader.boolean('LEDGER_REQUIRED', false),
    upkeepIntervalMs: reader.integer('LEDGER_UPKEEP_INTERVAL_MS', 60_000, 100, HOUR_MS),
    synchronousCommit:
      reader.oneOf('LEDGER_SYNCHRONOUS_COMMIT', ['on', 'off'] as const, 'on') === 'on',
    outcomeBeforeAnswer: reader.boolean('LEDGER_OUTCOME_BEFORE_ANSWER', false),
  };
}

/** Where /metrics is served: kept off the public port when GATEWAY_METRICS_PORT is set. */
function readMetrics(
  reader: EnvReader,
  publicPort: number,
  production: boolean,
  authMode: AuthMode,
): MetricsConfig {
  const host = reader.optional('GATEWAY_METRICS_HOST');
  if (reader.optional('GATEWAY_METRICS_PORT') === undefined) {
    if (host !== undefined) {
      reader.problem('GATEWAY_METRICS_HOST needs GATEWAY_METRICS_PORT: the port it serves on.');
    } else if (production) {
      reader.problem(
        'GATEWAY_METRICS_PORT is required when NODE_ENV=production: /metrics would be served to anyone on PORT. Give it a port of its own, kept inside your network.',
      );
    }
    return { port: undefined, host: '127.0.0.1', onPublicPort: authMode !== 'jwt' };
  }
  const port = reader.integer('GATEWAY_METRICS_PORT', 0, 0, PORT_MAX);
  if (port !== 0 && port === publicPort) {
    reader.problem(
      `GATEWAY_METRICS_PORT=${port} is PORT too: give /metrics a port of its own, or unset it.`,
    );
  }
  return { port, host: host ?? '127.0.0.1', onPublicPort: false };
}

function readBulk(reader: EnvReader): BulkConfig {
  const share = reader.string('BULK_QUOTA_SHARE', '0.8');
  const quotaShare = /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/.test(share) ? Number(share) : NaN;
  if (!(quotaShare > 0)) {
    reader.problem(
      `BULK_QUOTA_SHARE=${share.slice(0, 16)} is not valid: expected a fraction above 0 and at most 1, e.g. 0.8.`,
    );
  }
  const maxRecipients = reader.integer('BULK_MAX_RECIPIENTS', 10_000, 1, 1_000_000);
  return {
    maxRecipients,
    clientMaxOpenBatches: reader.integer('BULK_CLIENT_MAX_OPEN_BATCHES', 2, 1, 1000),
    clientMaxPendingRecipients: reader.integer(
      'BULK_CLIENT_MAX_PENDING_RECIPIENTS',
      2 * maxRecipients,
      1,
      100_000_000,
    ),
    quotaShare: quotaShare > 0 ? quotaShare : 0.8,
  };
}

/** The trusted-documents manifest, read now so that a missing or malformed file stops start-up. */
function readTrustedDocuments(reader: EnvReader): TrustedDocumentsConfig {
  const path = reader.optional('GATEWAY_TRUSTED_DOCUMENTS');
  const only = reader.boolean('GATEWAY_TRUSTED_DOCUMENTS_ONLY', false);
  let documents: TrustedDocuments | undefined;
  if (path !== undefined) {
    try {
      documents = TrustedDocuments.read(path);
    } catch (error) {
      reader.problem(
        `GATEWAY_TRUSTED_DOCUMENTS=${path} is not valid: ${(error as Error).message} (expected a persisted-documents manifest, e.g. generated/graphql/persisted-documents.json).`,
      );
    }
  } else if (only) {
    reader.problem(
      'GATEWAY_TRUSTED_DOCUMENTS_ONLY=true needs GATEWAY_TRUSTED_DOCUMENTS: the manifest of the documents to run.',
    );
  }
  const explorer = reader.optional('GATEWAY_EXPLORER');
  if (only && (explorer === 'sandbox' || explorer === 'graphiql')) {
    reader.problem(
      `GATEWAY_EXPLORER=${explorer} cannot run with GATEWAY_TRUSTED_DOCUMENTS_ONLY=true: an explorer sends its own documents, which trusted-only mode refuses. Set GATEWAY_EXPLORER=off.`,
    );
  }
  return { documents, only };
}

/** Reads and validates the whole configuration; throws ConfigError listing every problem. */
export function loadConfig(given: Env): GatewayConfig {
  // Secrets from files first: one that cannot be read is the line to fix, not a cascade after it.
  const secretFiles = readSecretFiles(given);
  if (secretFiles.problems.length > 0) throw new ConfigError(secretFiles.problems);
  const env = secretFiles.env;
  const reader = new EnvReader(env);
  // The embedded emulator's variables, read by the emulator's own reader. Its state is kept
  // beside the ledger's folder by default, as the ledger holds its ids; a ledger kept in memory
  // (memory://) has an emulator kept in memory too.
  const ledgerDir = env.LEDGER_DATA_DIR?.trim() || 'data/ledger';
  const emulatorEnvironment = readEmulatorEnvironment(env, {
    dataDir: ledgerDir.startsWith('memory://') ? 'memory://' : join(dirname(ledgerDir), 'emulator'),
  });
  const nodeEnv = reader.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const timeoutMs = reader.integer('INTERCOM_TIMEOUT_MS', 20_000, 100, HOUR_MS);
  const production = nodeEnv === 'production';
  const accessToken = reader.secret('INTERCOM_ACCESS_TOKEN');
  if (production && accessToken === undefined) {
    reader.problem(
      'INTERCOM_ACCESS_TOKEN is required when NODE_ENV=production: the embedded emulator is for development only.',
    );
  }
  if (reader.optional('GATEWAY_SANDBOX') !== undefined) {
    reader.problem(
      'GATEWAY_SANDBOX is replaced by GATEWAY_EXPLORER: sandbox, graphiql (self-hosted) or off.',
    );
  }
  const trustedDocuments = readTrustedDocuments(reader);
  const port = reader.integer('PORT', 4000, 0, PORT_MAX);
  const redisUrl = reader.redisUrl('REDIS_URL');
  const auth = readAuth(reader, production, accessToken !== undefined);
  const config: GatewayConfig = {
    nodeEnv,
    production,
    host: reader.string('HOST', '127.0.0.1'),
    port,
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    introspection: reader.boolean('GATEWAY_INTROSPECTION', !production),
    // Trusted-only mode refuses an explorer's documents: no explorer unless asked (then refused).
    explorer: reader.oneOf(
      'GATEWAY_EXPLORER',
      EXPLORERS,
      production || trustedDocuments.only ? 'off' : 'sandbox',
    ),
    corsOrigins: reader.list('GATEWAY_CORS_ORIGINS'),
    corsDevelopmentDefaults: !production && reader.list('GATEWAY_CORS_ORIGINS').length === 0,
    trustProxy: reader.trustedHops('GATEWAY_TRUST_PROXY'),
    shutdownGraceMs: reader.integer('GATEWAY_SHUTDOWN_GRACE_MS', 10_000, 0, HOUR_MS),
    auth,
    limits: {
      maxConnections: reader.integer('GATEWAY_MAX_CONNECTIONS', 10_000, 1, 1_000_000),
      requestTimeoutMs: reader.integer('GATEWAY_REQUEST_TIMEOUT_MS', 30_000, 500, HOUR_MS),
      maxBodyBytes: reader.integer('GATEWAY_MAX_BODY_BYTES', 1_048_576, 1024, 100 * 1_048_576),
      maxDepth: reader.integer('GATEWAY_MAX_DEPTH', 8, 1, 100),
      maxAliases: reader.integer('GATEWAY_MAX_ALIASES', 15, 0, 1000),
      maxTokens: reader.integer('GATEWAY_MAX_TOKENS', 1000, 10, 100_000),
      maxDirectives: reader.integer('GATEWAY_MAX_DIRECTIVES', 10, 0, 1000),
      maxCost: reader.integer('GATEWAY_MAX_COST', 5000, 1, 10_000_000),
      rateLimitPoints: reader.integer('GATEWAY_RATE_LIMIT', 600, 0, 10_000_000),
      rateLimitWindowSeconds: reader.integer('GATEWAY_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
      subscriptionsPerSocket: reader.integer(
        'GATEWAY_WS_MAX_SUBSCRIPTIONS_PER_SOCKET',
        20,
        1,
        10_000,
      ),
      subscriptionsPerClient: reader.integer(
        'GATEWAY_WS_MAX_SUBSCRIPTIONS_PER_CLIENT',
        100,
        1,
        1_000_000,
      ),
      socketsPerClient: reader.integer('GATEWAY_WS_MAX_SOCKETS_PER_CLIENT', 20, 1, 100_000),
      socketMaxLifetimeSeconds: reader.integer(
        'GATEWAY_WS_MAX_LIFETIME_SECONDS',
        3600,
        1,
        7 * 86_400,
      ),
    },
    idempotency: {
      ttlSeconds: reader.integer('IDEMPOTENCY_TTL_SECONDS', 86_400, 1, 30 * 86_400),
      maxEntries: reader.integer('IDEMPOTENCY_MAX_ENTRIES', 100_000, 1, 10_000_000),
      required: reader.boolean('IDEMPOTENCY_REQUIRED', false),
      leaseMs: reader.integer('IDEMPOTENCY_LEASE_MS', 6000, 300, 600_000),
    },
    webhooks: {
      clientSecret: reader.secret('INTERCOM_CLIENT_SECRET'),
      maxBodyBytes: reader.integer('WEBHOOK_MAX_BODY_BYTES', 262_144, 1024, 10 * 1_048_576),
      maxConcurrentReads: reader.integer('WEBHOOK_MAX_CONCURRENT_READS', 64, 1, 10_000),
      maxAgeSeconds: reader.integer('WEBHOOK_MAX_AGE_SECONDS', 3600, 60, 7 * 86_400),
      dedupeMaxEntries: reader.integer('WEBHOOK_DEDUPE_MAX_ENTRIES', 100_000, 10, 10_000_000),
    },
    ledger: readLedger(reader, redisUrl),
    redis: {
      url: redisUrl,
      keyPrefix: reader.string('REDIS_KEY_PREFIX', 'imgw:'),
      timeoutMs: reader.integer('REDIS_TIMEOUT_MS', 500, 10, 60_000),
    },
    intercom: {
      accessToken,
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
      maxResponseBytes: reader.integer(
        'INTERCOM_MAX_RESPONSE_BYTES',
        10 * 1_048_576,
        65_536,
        1024 * 1_048_576,
      ),
      maxRetries: reader.integer('INTERCOM_MAX_RETRIES', 3, 0, 20),
      retryMaxWaitMs: reader.integer('INTERCOM_RETRY_MAX_WAIT_MS', 10_000, 0, HOUR_MS),
      newContactRetries: reader.integer('INTERCOM_NEW_CONTACT_RETRIES', 3, 0, 20),
      newContactRetryDelayMs: reader.integer('INTERCOM_NEW_CONTACT_RETRY_DELAY_MS', 500, 0, 60_000),
      quotaPacing: reader.boolean('INTERCOM_QUOTA_PACING', true),
      quotaMaxWaitMs: reader.integer('INTERCOM_QUOTA_MAX_WAIT_MS', 10_000, 0, HOUR_MS),
      quotaMaxQueue: reader.integer('INTERCOM_QUOTA_MAX_QUEUE', 1000, 0, 1_000_000),
      quotaPollSharePercent: reader.integer('INTERCOM_QUOTA_POLL_SHARE_PERCENT', 20, 1, 100),
    },
    conversations: {
      lookupMaxPages: reader.integer('CONVERSATION_LOOKUP_MAX_PAGES', 20, 1, 1000),
      cacheMaxEntries: reader.integer('CONVERSATION_CACHE_MAX_ENTRIES', 10_000, 1, 10_000_000),
      cacheTtlMs: reader.integer('CONVERSATION_CACHE_TTL_MS', 86_400_000, 1000, 30 * 86_400_000),
      pollIntervalMs: reader.integer('CONVERSATION_POLL_INTERVAL_MS', 10_000, 100, HOUR_MS),
      pollMaxWaitMs: reader.integer('CONVERSATION_POLL_MAX_WAIT_MS', 1_800_000, 1000, 24 * HOUR_MS),
    },
    bulk: readBulk(reader),
    metrics: readMetrics(reader, port, production, auth.mode),
    emulator: emulatorEnvironment.config,
    trustedDocuments,
  };
  requireHttps(
    reader,
    'INTERCOM_BASE_URL',
    config.intercom.baseUrl,
    production,
    'the Intercom access token would travel in the clear',
  );
  for (const line of emulatorEnvironment.problems) reader.problem(line);
  if (reader.problems.length > 0) throw new ConfigError(reader.problems);
  return Object.freeze(config);
}

/** Where the gateway sends Intercom calls when it talks to the real Intercom. */
export function intercomBaseUrl(config: IntercomConfig): string {
  return config.baseUrl ?? INTERCOM_REGIONS[config.region];
}
