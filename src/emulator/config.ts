import { SUPPORTED_VERSIONS, type IntercomVersionName } from './versions';

/**
 * The emulator's own environment variables (EMULATOR_*), read for `npm run emulator` and, by the
 * gateway, for the embedded emulator. Each problem is one line naming the variable.
 */
export interface EmulatorConfig {
  readonly host: string;
  readonly port: number;
  readonly accessToken: string;
  readonly rateLimit: number;
  readonly rateLimitWindowMs: number;
  readonly newContactDelayMs: number;
  /** Where the emulator sends signed webhooks; embedded: the gateway's own endpoint. */
  readonly webhookUrl: string | undefined;
  /** Unset: random per start when embedded, the emulator's documented default when standalone. */
  readonly webhookSecret: string | undefined;
  /** The version answered when a request sends no Intercom-Version; unset: 2.14, or the gateway's. */
  readonly defaultVersion: IntercomVersionName | undefined;
  /** The folder its state is kept in across restarts; `memory://` keeps nothing. */
  readonly dataDir: string;
}

/** What differs between `npm run emulator` and the emulator the gateway embeds. */
export interface EmulatorDefaults {
  /**
   * Standalone: `memory://`, as a test double for suites and benchmarks, several at once, each
   * starting clean. Embedded: a folder beside the gateway's ledger, which holds its ids.
   */
  readonly dataDir: string;
}

export const STANDALONE_DEFAULTS: EmulatorDefaults = { dataDir: 'memory://' };

const HOUR_MS = 3_600_000;

export function readEmulatorEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  defaults: EmulatorDefaults = STANDALONE_DEFAULTS,
): {
  config: EmulatorConfig;
  problems: string[];
} {
  const problems: string[] = [];
  const raw = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const value = raw(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      problems.push(
        `${name}=${value} is not valid: expected a whole number from ${min} to ${max}.`,
      );
      return fallback;
    }
    return Number(value);
  };
  const secret = (name: string): string | undefined => {
    const value = raw(name);
    if (value !== undefined && /\s/.test(value)) {
      problems.push(`${name} is not valid: it must not contain white space.`);
    }
    return value;
  };
  const url = (name: string): string | undefined => {
    const value = raw(name);
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
        return withoutTrailingSlashes(value);
      }
    } catch {
      // reported below
    }
    problems.push(`${name}=${value} is not valid: expected an http(s) URL.`);
    return undefined;
  };
  const version = (name: string): IntercomVersionName | undefined => {
    const value = raw(name);
    if (value === undefined) return undefined;
    if ((SUPPORTED_VERSIONS as readonly string[]).includes(value)) {
      return value as IntercomVersionName;
    }
    problems.push(
      `${name}=${value} is not valid: expected one of ${SUPPORTED_VERSIONS.join(', ')}.`,
    );
    return undefined;
  };
  const config: EmulatorConfig = {
    host: raw('EMULATOR_HOST') ?? '127.0.0.1',
    port: integer('EMULATOR_PORT', 4010, 0, 65535),
    accessToken: secret('EMULATOR_ACCESS_TOKEN') ?? 'emulator-token',
    rateLimit: integer('EMULATOR_RATE_LIMIT', 1666, 0, 1_000_000),
    rateLimitWindowMs: integer('EMULATOR_RATE_LIMIT_WINDOW_MS', 10_000, 1000, HOUR_MS),
    newContactDelayMs: integer('EMULATOR_NEW_CONTACT_DELAY_MS', 1000, 0, HOUR_MS),
    webhookUrl: url('EMULATOR_WEBHOOK_URL'),
    webhookSecret: secret('EMULATOR_WEBHOOK_SECRET'),
    defaultVersion: version('EMULATOR_DEFAULT_VERSION'),
    dataDir: raw('EMULATOR_DATA_DIR') ?? defaults.dataDir,
  };
  return { config: Object.freeze(config), problems };
}

/** `value` without its trailing slashes, in one pass (`/\/+$/` rescans a run of slashes from each). */
function withoutTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 0x2f) end -= 1;
  return value.slice(0, end);
}
