import type { Principal } from './auth/principal';
import type { GatewayConfig } from './config';
import { explorerRoute } from './explorer/explorer-route';
import { createApolloServer } from './graphql/apollo';
import { RequestContext, type GatewayContext } from './graphql/context';
import { buildGatewaySchema } from './graphql/schema';
import { corsHandler, originPolicy } from './http/cors';
import { GRAPHQL_PATH, graphqlRoute } from './http/graphql-route';
import { GatewayHttpServer } from './http/http-server';
import { METRICS_PATH, serveMetrics, startMetricsServer } from './http/metrics-server';
import { readiness } from './http/readiness';
import { routeRequests } from './http/routes';
import { GuardPipeline } from './guards/pipeline';
import type { VerificationOutcome } from './intercom/token-verification';
import type { Logger } from './logger';
import { GatewayMetrics } from './observability/metrics';
import { gateLedgerReads, readBudgetFor } from './ledger/ledger-read-gate';
import { createServices, type Upstream } from './services';
import { keepLedger, openLedger } from './store/ledger/open-ledger';
import { startBulkSends } from './bulk/open-bulk-sends';
import { warnAboutSettings } from './startup-warnings';
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
  /**
   * Where Prometheus scrapes: on PORT, or on GATEWAY_METRICS_PORT when that is set; undefined
   * when served nowhere (GATEWAY_AUTH=jwt without a port of its own).
   */
  readonly metricsUrl: string | undefined;
  /** Asks Intercom who the access token is (`GET /me`); `/readyz` follows the answer. */
  verifyUpstream(): Promise<VerificationOutcome>;
  /**
   * Stops accepting, lets requests in flight finish (up to the configured grace period), then
   * closes every connection and the Intercom pool.
   */
  close(): Promise<void>;
}

/** After the grace period, how long the requests still open get to write their answers. */
const ANSWER_AFTER_GRACE_MS = 1000;

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

  warnAboutSettings(config, logger, webhookSecret !== undefined);

  const schema = buildGatewaySchema();
  const apollo = createApolloServer(config, schema, logger, guards);
  await apollo.start();
  await stores.ready;

  /** What every operation's resolvers get, over either transport. */
  const contextFor = (principal: Principal, requestId: string): GatewayContext =>
    // The request's Intercom calls reach its log line through its own services, not through
    // async hooks (AsyncLocalStorage costs a promise hook per promise on Node 20).
    new RequestContext(requestId, principal, client.version, ledger, realtime, forRequest);

  const handleWebhook = webhookEndpoint({
    clientSecret: webhookSecret,
    maxBodyBytes: config.webhooks.maxBodyBytes,
    maxConcurrentReads: config.webhooks.maxConcurrentReads,
    trustProxy: config.trustProxy,
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

  const explorer = explorerRoute(config.explorer);
  const http: GatewayHttpServer = new GatewayHttpServer(
    routeRequests({
      graphql: graphqlRoute({
        config,
        guards,
        apollo,
        contextFor,
        explorerPage: explorer.page,
        cors: corsHandler(origins),
      }),
      explorer,
      webhook: handleWebhook,
      readiness: () =>
        readiness({
          accepting: () => http.isAccepting,
          store: () => stores.status(),
          intercom: () => token.state,
          ledger: ledgerState,
          ledgerBacklog: () => ledgerBacklog.size(),
          idempotencyRequired: config.idempotency.required,
          idempotencyIn: config.ledger.enabled ? 'ledger' : 'store',
        }),
      // With GATEWAY_METRICS_PORT, metrics are served there only; with JWTs, not on PORT at all.
      metrics: config.metrics.onPublicPort
        ? (response) => serveMetrics(metrics.registry, response)
        : undefined,
    }),
    logger,
    metrics,
    config.limits,
  );
  const url = await http.listen(config.port, config.host);
  const subscriptions = serveSubscriptions({
    server: http.server,
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

  const { port: metricsPort } = config.metrics;
  const metricsServer =
    metricsPort === undefined
      ? undefined
      : await startMetricsServer(
          { ...config.metrics, port: metricsPort },
          metrics.registry,
          logger,
        );

  return {
    url,
    graphqlUrl: `${url}${GRAPHQL_PATH}`,
    metrics,
    metricsUrl:
      metricsServer?.url ?? (config.metrics.onPublicPort ? `${url}${METRICS_PATH}` : undefined),
    verifyUpstream: () => token.verify(client),
    async close() {
      http.stopAccepting();
      // Bulk workers stop before their next send; a slice left is taken again later.
      await bulkSends?.close(config.shutdownGraceMs);
      // Subscribers are told the server is going away (1001), then their sockets close.
      await subscriptions.close();
      const closed = http.closeListener();
      await http.drainedWithin(config.shutdownGraceMs);
      if (http.openRequests > 0) {
        // The grace is over: stop waiting for Intercom, so that every open request is answered
        // (a send under way as UPSTREAM_TIMEOUT with mayHaveBeenSent, its idempotency record
        // saying so) instead of having its connection dropped.
        logger.warn(
          { inFlight: http.openRequests },
          'shutdown grace is over: answering the requests still open',
        );
        await client.abandonInFlight();
        await http.drainedWithin(ANSWER_AFTER_GRACE_MS);
      }
      http.closeAllConnections();
      await closed;
      await apollo.stop();
      await client.close();
      await stores.close();
      await ledgerUpkeep?.close();
      await metricsServer?.close();
    },
  };
}
