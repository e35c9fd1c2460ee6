import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ConfigError, intercomBaseUrl, loadConfig, type GatewayConfig } from './config';
import { keepsNothing, SEED, startEmulator, type RunningEmulator } from './emulator';
import { listeningOn } from './http/listening-on';
import { createLogger, type Logger } from './logger';
import type { TokenOwner } from './intercom/token-verification';
import { startGateway, type RunningGateway, type Upstream } from './server';
import { readArguments } from './tools/cli-arguments';

/** Starts the embedded emulator when no Intercom token is set, and says how to use it. */
async function chooseUpstream(
  config: GatewayConfig,
  logger: Logger,
): Promise<{ upstream: Upstream; emulator?: RunningEmulator }> {
  if (config.intercom.accessToken !== undefined) {
    return {
      upstream: {
        baseUrl: intercomBaseUrl(config.intercom),
        accessToken: config.intercom.accessToken,
      },
    };
  }
  // Random per start unless set: a known secret would let anyone forge the emulator's webhooks.
  const webhookSecret = config.emulator.webhookSecret ?? randomBytes(32).toString('base64url');
  const emulator = await listeningOn(
    ['EMULATOR_PORT', 'EMULATOR_HOST'],
    config.emulator.host,
    config.emulator.port,
    () =>
      startEmulator({
        host: config.emulator.host,
        port: config.emulator.port,
        accessToken: config.emulator.accessToken,
        rateLimit: config.emulator.rateLimit,
        rateLimitWindowMs: config.emulator.rateLimitWindowMs,
        newContactDelayMs: config.emulator.newContactDelayMs,
        webhookUrl: config.emulator.webhookUrl,
        webhookSecret,
        // Requests without Intercom-Version get the gateway's version unless told otherwise.
        defaultVersion: config.emulator.defaultVersion ?? config.intercom.version,
        // Kept across restarts (data/emulator by default), as the ledger keeps its message ids.
        dataDir: config.emulator.dataDir,
        onStateSaveError: (message) => logger.error(message),
      }),
  );
  logger.warn('INTERCOM_ACCESS_TOKEN is not set: using the embedded Intercom emulator.');
  return { upstream: { baseUrl: emulator.url, accessToken: emulator.accessToken }, emulator };
}

const REFUSED_TOKEN =
  'Intercom refused INTERCOM_ACCESS_TOKEN (401 from GET /me): set a valid access token.';

/**
 * Asks Intercom who the token is, and says so. A refused token stops a production start-up
 * here, before any customer's send fails; elsewhere it is an error in the log and `/readyz`.
 */
async function verifyToken(
  gateway: RunningGateway,
  config: GatewayConfig,
  logger: Logger,
): Promise<TokenOwner | undefined> {
  const outcome = await gateway.verifyUpstream();
  if (outcome.state === 'verified') {
    logger.info({ ...outcome.owner }, 'Intercom accepted the access token');
    return outcome.owner;
  }
  if (outcome.state === 'refused') {
    if (config.nodeEnv === 'production') throw new Error(REFUSED_TOKEN);
    logger.error(`${REFUSED_TOKEN} Every call will fail; /readyz answers 503.`);
    return undefined;
  }
  logger.warn(
    { reason: outcome.reason },
    'could not reach Intercom to verify the access token; the next call will tell',
  );
  return undefined;
}

const EXPLORER_HINT: Record<GatewayConfig['explorer'], string> = {
  sandbox: ' (open it in a browser for Apollo Sandbox; offline: GraphiQL at /graphiql)',
  graphiql: ' (open it in a browser for GraphiQL)',
  off: '',
};

/** Where the embedded emulator keeps its state, and how to clear it. */
const emulatorState = (dataDir: string, url: string): string =>
  keepsNothing(dataDir)
    ? 'in memory only (EMULATOR_DATA_DIR)'
    : `${dataDir} (EMULATOR_DATA_DIR; POST ${url}/_emulator/reset clears it)`;

function printBanner(
  { graphqlUrl, metricsUrl }: RunningGateway,
  upstream: Upstream,
  config: GatewayConfig,
  emulator: RunningEmulator | undefined,
  owner: TokenOwner | undefined,
): void {
  const lines = [
    `GraphQL gateway ready: ${graphqlUrl}${EXPLORER_HINT[config.explorer]}`,
    `Intercom API:          ${upstream.baseUrl} (Intercom-Version ${config.intercom.version})`,
  ];
  if (config.metrics.port !== undefined) lines.push(`Metrics (Prometheus):  ${metricsUrl}`);
  if (owner) {
    lines.push(
      `Intercom workspace:    ${owner.workspaceName ?? '?'} (${owner.workspaceId ?? '?'}), token of admin ${owner.adminName ?? '?'} (${owner.adminId})`,
    );
  }
  if (emulator) {
    lines.push(
      `Intercom emulator:      ${emulator.url} (token: ${emulator.accessToken})`,
      `  admins:  ${SEED.admins.wash.id} (${SEED.admins.wash.name}), ${SEED.admins.zoe.id} (${SEED.admins.zoe.name})`,
      `  users:   ${SEED.users.ponies.id}, ${SEED.users.thisLand.id}, ${SEED.users.glaucon.id}, ${SEED.users.socrates.email}`,
      `  lead:    ${SEED.lead.id}   visitor: ${SEED.visitor.id}   unsubscribed user: ${SEED.users.unsubscribed.id}`,
      `  play a reply: curl -X POST ${emulator.url}/_emulator/messages/<messageId>/reply -H 'content-type: application/json' -d '{"body":"Hi!"}'`,
      `  state:   ${emulatorState(config.emulator.dataDir, emulator.url)}`,
    );
  }
  try {
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch {
    // stdout cannot be written (a full disk): the banner is lost, the gateway starts all the same.
  }
}

/** Once created: written out before a failed start's last line, which must come after it. */
let startedLogger: Logger | undefined;

/** Resolves once the log lines buffered so far are written (at once without a logger). */
const logsWritten = (): Promise<void> =>
  new Promise<void>((resolve) =>
    startedLogger ? startedLogger.flush(() => resolve()) : resolve(),
  );

const USAGE = `Usage: node dist/main.js [--help]

The GraphQL gateway. Every setting is an environment variable (README.md's "Configuration" table,
.env.example); without INTERCOM_ACCESS_TOKEN it starts its embedded Intercom emulator.

Options:
  -h, --help  print this and exit
`;

async function main(): Promise<void> {
  // The image runs this file directly: --help answers, and a stray argument is one line.
  readArguments('intercom-messages-gateway', USAGE, []);
  // A .env file beside package.json is read if present; real environment variables win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: GatewayConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  startedLogger = logger;
  // An error nothing caught leaves the process in an unknown state: say so in the log and stop;
  // the supervisor restarts it. The log's pending lines are written out synchronously as the
  // process exits (src/logger.ts), so the fatal line is not lost with it.
  const die = (what: string) => (error: unknown) => {
    logger.fatal({ err: error }, `${what}: the gateway stops`);
    process.exit(1);
  };
  // A pipe on stdout whose reader went away reports it here: the output is lost, not the process.
  process.stdout.on('error', () => undefined);
  process.on('uncaughtException', die('uncaught exception'));
  process.on('unhandledRejection', die('unhandled promise rejection'));
  const { upstream, emulator } = await chooseUpstream(config, logger);
  const gateway = await listeningOn(['PORT', 'HOST'], config.host, config.port, () =>
    startGateway({
      config,
      upstream,
      logger,
      // The embedded emulator signs its webhooks with its own secret.
      webhookSecret: emulator?.webhookSecret,
    }),
  );
  // The embedded emulator tells this gateway when contacts reply, as Intercom would.
  if (emulator && !config.emulator.webhookUrl)
    emulator.webhooks.setUrl(`${gateway.url}/webhooks/intercom`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await gateway.close();
    await emulator?.close();
    // Logs are buffered: write out the rest before leaving.
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));

  const owner = await verifyToken(gateway, config, logger);
  printBanner(gateway, upstream, config, emulator, owner);
  // Logs are buffered; the start-up warnings should be seen at start-up.
  logger.flush();
}

main().catch(async (error: unknown) => {
  const reason =
    error instanceof Error
      ? error.message || error.name
      : typeof error === 'object' && error !== null && 'message' in error
        ? String((error as { message: unknown }).message)
        : String(error);
  // The warnings that led here are still buffered: they come first, the reason it stops last.
  await logsWritten();
  process.stderr.write(`The gateway could not start: ${reason}\n`);
  process.exit(1);
});
