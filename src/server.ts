import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { UnauthenticatedError } from './auth/errors';
import type { Principal } from './auth/principal';
import type { GatewayConfig } from './config';
import {
  GRAPHIQL_CSP,
  GRAPHIQL_PATH,
  GraphiQLAssets,
  graphiqlPage,
} from './explorer/graphiql-assets';
import { createApolloServer } from './graphql/apollo';
import { RequestContext, type GatewayContext } from './graphql/context';
import { buildGatewaySchema } from './graphql/schema';
import { ClientAbortedError, HttpError, readBody } from './http/body';
import {
  EXPLORER_OFF_HEADERS,
  EXPLORER_OFF_TEXT,
  landingPageHeaders,
  PAGE_HEADERS,
} from './explorer/page-headers';
import { clientAddress } from './http/client-address';
import { withRequestId } from './http/error-request-id';
import { sendJson } from './http/send-json';
import { corsHandler, originPolicy } from './http/cors';
import { GuardPipeline } from './guards/pipeline';
import { RateLimitedError } from './limits/errors';
import type { VerificationOutcome } from './intercom/token-verification';
import type { Logger } from './logger';
import { GatewayMetrics } from './observability/metrics';
import { gateLedgerReads, readBudgetFor } from './ledger/ledger-read-gate';
import { createServices, type Upstream } from './services';
import { keepLedger, openLedger } from './store/ledger/open-ledger';
import { startBulkSends } from './bulk/open-bulk-sends';
import { readiness } from './http/readiness';
import { METRICS_PATH, serveMetrics, startMetricsServer } from './http/metrics-server';
import { serveSubscriptions } from './realtime/subscription-server';
import { deliveryMemory } from './webhooks/delivery-memory';
import { webhookEndpoint } from './webhooks/webhook-endpoint';

export type { Upstream };

export interface GatewayOptions {
  readonly config: GatewayConfig;
  readonly upstream: Upstream;
  readonly logger: Logger;
  /**
   * The secret webhooks are signed with, when it is not INTERCOM_CLIENT_SECRET (the embedded
   * emulator's). Neither: no webhook endpoint.
   */
  readonly webhookSecret?: string;
}

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000 */
  readonly url: string;
  /** e.g. http://127.0.0.1:4000/graphql */
  readonly graphqlUrl: string;
  readonly metrics: GatewayMetrics;
  /** Where Prometheus scrapes: on PORT, or on GATEWAY_METRICS_PORT when that is set. */
  readonly metricsUrl: string;
  /** Asks Intercom who the access token is (`GET /me`); `/readyz` follows the answer. */
  verifyUpstream(): Promise<VerificationOutcome>;
  /**
   * Stops accepting, lets requests in flight finish (up to the configured grace period), then
   * closes every connection and the Intercom pool.
   */
  close(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';
/** After the grace period, how long the requests still open get to write their answers. */
const ANSWER_AFTER_GRACE_MS = 1000;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

const graphqlError = (message: string, code: string, extra: Record<string, unknown> = {}) => ({
  errors: [{ message, extensions: { code, ...extra } }],
});

function headerMap(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function parseBody(raw: string, headers: HeaderMap): unknown {
  if (raw === '') return undefined;
  if (!(headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  }
}

/** Whoever loads the Sandbox page: allowed nothing (the page itself runs no operation). */
const LANDING_PAGE_VISITOR: Principal = {
  id: 'landing-page',
  kind: 'anonymous',
  scopes: new Set(),
  person: null,
  adminIds: new Set(),
  expiresAt: null,
};

/**
 * A browser loading the Sandbox page: served without credentials. Only a plain page load counts:
 * a GET that carries an operation (`?query=`) is an operation, whatever it accepts.
 */
const wantsLandingPage = (request: IncomingMessage, url: URL): boolean =>
  request.method === 'GET' &&
  (request.headers.accept ?? '').includes('text/html') &&
  !url.searchParams.has('query') &&
  !url.searchParams.has('extensions');

/** Builds the gateway (GraphQL at /graphql, /healthz, /readyz, /metrics) and starts it. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config, logger } = options;
  const metrics = new GatewayMetrics({ processMetrics: true });
  const webhookSecret = config.webhooks.clientSecret ?? options.webhookSecret;
  const ledgerStores = config.ledger.enabled ? await openLedger(config.ledger, config) : undefined;
  const ledger = ledgerStores?.ledger;
  if (ledger) gateLedgerReads(ledger, readBudgetFor(config.ledger));
  const {
    stores,
    client,
    token,
    ledgerState,
    ledgerBacklog,
    conversations,
    realtime,
    bulkMessages,
    forRequest,
  } = createServices(
    config,
    options.upstream,
    logger,
    metrics,
    webhookSecret !== undefined,
    ledgerStores,
  );
  const ledgerUpkeep = ledgerStores
    ? keepLedger(ledgerStores, config.ledger, logger, ledgerBacklog)
    : undefined;
  const bulkSends = ledgerStores
    ? await startBulkSends(config, ledgerStores, bulkMessages, metrics.registry, logger)
    : undefined;
  const origins = originPolicy(config.corsOrigins, config.corsDevelopmentDefaults);
  const guards = new GuardPipeline(config, logger, metrics, origins);
  // A subscription's polls (without webhooks) cost its client's budget, like its requests.
  realtime.chargePollsTo((principal) => guards.charge(principal));
  const cors = corsHandler(origins);

  if (config.auth.mode === 'none') {
    logger.warn(
      'GATEWAY_AUTH=none: anyone who can reach this gateway can send Intercom messages as any admin. Never run it like this where others can reach it.',
    );
  }

  if (webhookSecret === undefined) {
    logger.warn(
      `Webhooks are off (INTERCOM_CLIENT_SECRET is not set): conversationStarted asks Intercom every ${config.conversations.pollIntervalMs / 1000} s for at most ${config.conversations.pollMaxWaitMs / 1000} s, and conversationUpdated is refused.`,
    );
  }

  const schema = buildGatewaySchema();
  const apollo = createApolloServer(config, schema, logger, guards);
  await apollo.start();
  await stores.ready;

  /** What every operation's resolvers get, over either transport. */
  const contextFor = (principal: Principal, requestId: string): GatewayContext =>
    // The request's Intercom calls reach its log line through its own services, not through
    // async hooks (AsyncLocalStorage costs a promise hook per promise on Node 20).
    new RequestContext(requestId, principal, ledger, realtime, forRequest);

  let accepting = true;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  async function handleGraphQL(request: IncomingMessage, response: ServerResponse, url: URL) {
    const offered = request.headers['x-request-id'];
    const requestId =
      typeof offered === 'string' && REQUEST_ID.test(offered) ? offered : randomUUID();
    const idHeader = { 'x-request-id': requestId };
    try {
      if (await cors(request, response)) return;
      const headers = headerMap(request);
      const landingPage = wantsLandingPage(request, url);
      if (landingPage && config.explorer === 'graphiql') {
        serveGraphiQLPage(response, idHeader);
        return;
      }
      if (landingPage && config.explorer === 'off') {
        response.writeHead(404, { ...idHeader, ...EXPLORER_OFF_HEADERS });
        response.end(EXPLORER_OFF_TEXT);
        return;
      }
      // The Sandbox page runs no operation: it needs no credentials and counts against no budget.
      const principal = landingPage
        ? LANDING_PAGE_VISITOR
        : await guards.identify(
            'http',
            request.headers.authorization,
            clientAddress(request, config.trustProxy),
          );
      if (!landingPage) await guards.charge(principal);
      const httpGraphQLRequest: HTTPGraphQLRequest = guards.admitDocument(
        {
          method: (request.method ?? 'GET').toUpperCase(),
          headers,
          search: url.search,
          body: parseBody(await readBody(request, config.limits.maxBodyBytes), headers),
        },
        principal,
        requestId,
      );
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => contextFor(principal, requestId),
      });
      const responseHeaders: Record<string, string> = { ...idHeader };
      for (const [name, value] of result.headers) responseHeaders[name] = value;
      if (landingPage) Object.assign(responseHeaders, landingPageHeaders(result));
      if (result.body.kind === 'complete') {
        const body = withRequestId(result.status ?? 200, result.body.string, requestId);
        responseHeaders['content-length'] = String(Buffer.byteLength(body));
        response.writeHead(result.status ?? 200, responseHeaders);
        response.end(body);
        return;
      }
      response.writeHead(result.status ?? 200, responseHeaders);
      for await (const chunk of result.body.asyncIterator) response.write(chunk);
      response.end();
    } catch (error) {
      if (error instanceof UnauthenticatedError) {
        sendJson(response, 401, graphqlError(error.message, 'UNAUTHENTICATED', { requestId }), {
          ...idHeader,
          'www-authenticate': 'Bearer',
        });
        return;
      }
      if (error instanceof RateLimitedError) {
        const retryAfter = String(error.retryAfterSeconds);
        sendJson(
          response,
          429,
          graphqlError(error.message, 'RATE_LIMITED', {
            requestId,
            retryAfterSeconds: error.retryAfterSeconds,
          }),
          { ...idHeader, 'retry-after': retryAfter },
        );
        return;
      }
      if (error instanceof HttpError) {
        const retryAfter = error.headers['retry-after'];
        sendJson(
          response,
          error.status,
          graphqlError(error.message, error.code, {
            requestId,
            ...(retryAfter ? { retryAfterSeconds: Number(retryAfter) } : {}),
          }),
          { ...idHeader, ...error.headers },
        );
        return;
      }
      throw error;
    }
  }

  const handleWebhook = webhookEndpoint({
    clientSecret: webhookSecret,
    maxBodyBytes: config.webhooks.maxBodyBytes,
    maxAgeSeconds: config.webhooks.maxAgeSeconds,
    firstDelivery: deliveryMemory(
      ledgerStores?.webhookDeliveries,
      stores,
      config.webhooks.maxAgeSeconds,
      logger,
    ),
    publish: async (conversation) => {
      // Subscribers first; then the ledger learns which conversation a message it sent
      // started (a slow database delays Intercom's answer, never the live update).
      stores.events.publish(conversation);
      await conversations.remember(conversation);
    },
    metrics,
    logger,
  });

  const graphiql = new GraphiQLAssets();

  function serveGraphiQLPage(response: ServerResponse, headers: Record<string, string> = {}) {
    if (!graphiql.built) {
      sendJson(response, 503, {
        error: 'The self-hosted explorer is not built: run `npm run build`.',
      });
      return;
    }
    const page = graphiqlPage(`${GRAPHIQL_PATH}/assets`);
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(Buffer.byteLength(page)),
      'content-security-policy': GRAPHIQL_CSP,
      ...PAGE_HEADERS,
      'cache-control': 'no-cache',
    });
    response.end(page);
  }

  /** The self-hosted explorer: static files, no credentials (the page itself runs nothing). */
  function serveExplorer(request: IncomingMessage, response: ServerResponse, url: URL): void {
    if (config.explorer === 'off' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      sendJson(response, 404, { error: 'Not found. GraphQL is at /graphql.' });
      return;
    }
    if (url.pathname === GRAPHIQL_PATH || url.pathname === `${GRAPHIQL_PATH}/`) {
      serveGraphiQLPage(response);
      return;
    }
    const prefix = `${GRAPHIQL_PATH}/assets/`;
    const asset = url.pathname.startsWith(prefix)
      ? graphiql.get(url.pathname.slice(prefix.length))
      : undefined;
    if (!asset) {
      sendJson(response, 404, { error: 'Not found. GraphQL is at /graphql.' });
      return;
    }
    const common = {
      etag: asset.etag,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
    };
    if (request.headers['if-none-match'] === asset.etag) {
      response.writeHead(304, common);
      response.end();
      return;
    }
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    const body = gzip ? asset.gzipped : asset.body;
    response.writeHead(200, {
      ...common,
      'content-type': asset.contentType,
      'content-length': String(body.length),
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://gateway');
    if (url.pathname === GRAPHQL_PATH) return handleGraphQL(request, response, url);
    if (url.pathname === GRAPHIQL_PATH || url.pathname.startsWith(`${GRAPHIQL_PATH}/`)) {
      serveExplorer(request, response, url);
      return Promise.resolve();
    }
    if (url.pathname === '/webhooks/intercom' && request.method === 'POST') {
      return handleWebhook(request, response);
    }
    if (request.method === 'GET' && url.pathname === '/healthz') {
      sendJson(response, 200, { status: 'ok' });
    } else if (request.method === 'GET' && url.pathname === '/readyz') {
      const { status, body } = readiness({
        accepting: () => accepting,
        store: () => stores.status(),
        intercom: () => token.state,
        ledger: ledgerState,
        ledgerBacklog: () => ledgerBacklog.size(),
        idempotencyRequired: config.idempotency.required,
      });
      sendJson(response, status, body);
    } else if (
      request.method === 'GET' &&
      url.pathname === METRICS_PATH &&
      config.metrics.port === undefined
    ) {
      return serveMetrics(metrics.registry, response);
    } else {
      sendJson(response, 404, { error: 'Not found. GraphQL is at /graphql.' });
    }
    return Promise.resolve();
  }

  const server: Server = createServer((request, response) => {
    inFlight += 1;
    response.on('close', () => {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    });
    if (!accepting) response.setHeader('connection', 'close');
    route(request, response).catch((error: unknown) => {
      if (error instanceof ClientAbortedError) {
        metrics.clientAborts.inc();
        logger.info('client aborted the request');
        response.destroy();
        return;
      }
      logger.error({ err: error }, 'unhandled error in the HTTP layer');
      if (!response.headersSent) {
        sendJson(
          response,
          500,
          graphqlError('Something went wrong in the gateway.', 'INTERNAL_SERVER_ERROR'),
        );
      } else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const subscriptions = serveSubscriptions({
    server,
    path: GRAPHQL_PATH,
    schema,
    guards,
    metrics,
    trustProxy: config.trustProxy,
    maxFrameBytes: config.limits.maxBodyBytes,
    maxSubscriptionsPerSocket: config.limits.subscriptionsPerSocket,
    maxSubscriptionsPerClient: config.limits.subscriptionsPerClient,
    maxSocketsPerClient: config.limits.socketsPerClient,
    maxSocketLifetimeMs: config.limits.socketMaxLifetimeSeconds * 1000,
    context: contextFor,
  });

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const { port: metricsPort } = config.metrics;
  const metricsServer =
    metricsPort === undefined
      ? undefined
      : await startMetricsServer({ ...config.metrics, port: metricsPort }, metrics.registry);

  return {
    url,
    graphqlUrl: `${url}${GRAPHQL_PATH}`,
    metrics,
    metricsUrl: metricsServer?.url ?? `${url}${METRICS_PATH}`,
    verifyUpstream: () => token.verify(client),
    async close() {
      accepting = false;
      // Bulk workers stop before their next send; a slice left is taken again later.
      await bulkSends?.close(config.shutdownGraceMs);
      // Subscribers are told the server is going away (1001), then their sockets close.
      await subscriptions.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drainedWithin = async (ms: number) => {
        if (inFlight === 0) return;
        const drained = new Promise<void>((resolve) => (idle = resolve));
        let timer: NodeJS.Timeout | undefined;
        const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
        await Promise.race([drained, waited]);
        clearTimeout(timer);
      };
      await drainedWithin(config.shutdownGraceMs);
      if (inFlight > 0) {
        // The grace is over: stop waiting for Intercom, so that every open request is answered
        // (a send under way as UPSTREAM_TIMEOUT with mayHaveBeenSent, its idempotency record
        // saying so) instead of having its connection dropped.
        logger.warn({ inFlight }, 'shutdown grace is over: answering the requests still open');
        await client.abandonInFlight();
        await drainedWithin(ANSWER_AFTER_GRACE_MS);
      }
      server.closeAllConnections();
      await closed;
      await apollo.stop();
      await client.close();
      await stores.close();
      await ledgerUpkeep?.close();
      await metricsServer?.close();
    },
  };
}
