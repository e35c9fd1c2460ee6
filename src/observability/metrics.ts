import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The gateway's Prometheus metrics, in a registry of its own (one per gateway instance). */
export class GatewayMetrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'gateway_graphql_requests_total',
    help: 'GraphQL requests by operation (root field) and outcome (ok or the first error code).',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly requestDuration = new Histogram({
    name: 'gateway_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation.',
    labelNames: ['operation'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly upstreamCalls = new Counter({
    name: 'gateway_intercom_calls_total',
    help: 'HTTP exchanges with Intercom by route and status (0: no answer).',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });

  readonly upstreamDuration = new Histogram({
    name: 'gateway_intercom_call_duration_seconds',
    help: 'Latency of one exchange with Intercom, by route.',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    registers: [this.registry],
  });

  readonly upstreamRetries = new Counter({
    name: 'gateway_intercom_retries_total',
    help: 'Exchanges with Intercom that were retries, by route.',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });

  readonly conversationCache = new Counter({
    name: 'gateway_conversation_cache_lookups_total',
    help: 'message -> conversation cache lookups by result (hit or miss).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly rateLimitRejections = new Counter({
    name: 'gateway_rate_limit_rejections_total',
    help: 'Requests refused by the per-client rate limit.',
    registers: [this.registry],
  });

  readonly ledgerFailures = new Counter({
    name: 'gateway_ledger_failures_total',
    help: 'Ledger reads and writes that failed (step: begin, settle, or index: a message’s conversation); sends and lookups went on.',
    labelNames: ['step'] as const,
    registers: [this.registry],
  });

  readonly clientAborts = new Counter({
    name: 'gateway_client_aborts_total',
    help: 'Requests whose client went away before sending its whole body.',
    registers: [this.registry],
  });

  readonly requestTimeouts = new Counter({
    name: 'gateway_request_timeouts_total',
    help: 'Requests whose body did not arrive whole within GATEWAY_REQUEST_TIMEOUT_MS (cut off; 408 when nothing was answered yet).',
    registers: [this.registry],
  });

  /** Where the gauge below reads its value when scraped; set once the Intercom client exists. */
  private callsWaitingForConnection: () => number = () => 0;

  readonly intercomConnectionWaits: Gauge = new Gauge({
    name: 'gateway_intercom_calls_waiting',
    help: 'Calls to Intercom waiting for a free connection: all INTERCOM_MAX_CONNECTIONS are busy.',
    registers: [this.registry],
    collect: () => {
      this.intercomConnectionWaits.set(this.callsWaitingForConnection());
    },
  });

  /** The gauge of calls waiting for a connection reads `count` from now on. */
  watchConnectionWaits(count: () => number): void {
    this.callsWaitingForConnection = count;
  }

  readonly droppedConnections = new Counter({
    name: 'gateway_connections_dropped_total',
    help: 'Connections closed as they were accepted: GATEWAY_MAX_CONNECTIONS were open already.',
    registers: [this.registry],
  });

  readonly authFailures = new Counter({
    name: 'gateway_auth_failures_total',
    help: 'Requests and WebSocket connections refused for missing or invalid credentials, by transport.',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  readonly websocketRefusals = new Counter({
    name: 'gateway_websocket_refusals_total',
    help: 'WebSocket connections and operations refused, by reason (origin, expired, lifetime, socket-error, not-reading, frame-before-init, protocol, id-in-use, sockets-per-client, subscriptions-per-socket, subscriptions-per-client, not-a-subscription).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly activeSubscriptions = new Gauge({
    name: 'gateway_subscriptions_active',
    help: 'Subscriptions running on this replica.',
    registers: [this.registry],
  });

  readonly idempotentReplays = new Counter({
    name: 'gateway_idempotent_replays_total',
    help: 'Sends answered from the idempotency store without calling Intercom.',
    registers: [this.registry],
  });

  readonly idempotencyDegraded = new Counter({
    name: 'gateway_idempotency_degraded_total',
    help: 'Sends made without the idempotency guarantee because the store was unavailable.',
    registers: [this.registry],
  });

  readonly webhooks = new Counter({
    name: 'gateway_webhooks_total',
    help: 'Intercom webhooks received, by outcome (published, duplicate, ignored, ping, refused, malformed, stale, future, too-large, busy).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics: boolean }) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
