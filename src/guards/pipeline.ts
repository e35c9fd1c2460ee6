import type { HTTPGraphQLRequest } from '@apollo/server';
import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { Authenticator } from '../auth/authenticator';
import { UnauthenticatedError } from '../auth/errors';
import type { Principal } from '../auth/principal';
import type { GatewayConfig } from '../config';
import type { OriginPolicy } from '../http/cors';
import { ClientRateLimiter } from '../limits/client-rate-limiter';
import { RateLimitedError } from '../limits/errors';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../observability/metrics';
import type { UpstreamAttempt } from '../observability/upstream-attempt';
import { DocumentRefusal } from './document-admission';
import { GraphQLRules } from './graphql-rules';
import { intercomFieldCount } from './intercom-fields';

/** The ways in that run GraphQL operations. */
export type Transport = 'http' | 'websocket';

/** What one operation came to, for its log line and metrics. */
export interface OperationRecord {
  readonly transport: Transport;
  readonly requestId: string;
  readonly clientId: string;
  /** From `operationLabel`: bounded, never the client-chosen name. */
  readonly operation: string;
  /** `ok`, or the first error's code. */
  readonly outcome: string;
  readonly seconds: number;
  readonly upstream: readonly UpstreamAttempt[];
}

/**
 * A bounded name for metrics: the operation type and its first root field
 * (`mutation:sendAdminMessage`), never the client-chosen operation name.
 */
export function operationLabel(operation: OperationDefinitionNode | undefined | null): string {
  if (!operation) return 'invalid';
  const first = operation.selectionSet.selections.find(
    (selection) => selection.kind === Kind.FIELD,
  );
  return `${operation.operation}:${first && first.kind === Kind.FIELD ? first.name.value : 'unknown'}`;
}

/**
 * The one set of guards every GraphQL way in passes: who is calling (credentials, counted when
 * they fail), whether their browser origin may, their request budget (one budget across HTTP and
 * WebSocket), the GraphQL document rules, and one log line and one set of metrics per operation.
 * HTTP and the WebSocket server take their guards from here. The webhook endpoint runs no
 * operation and has no caller to identify: Intercom's signature, a body limit, an age limit and
 * de-duplication guard it instead (src/webhooks/).
 */
export class GuardPipeline {
  readonly rules: GraphQLRules;
  private readonly authenticator: Authenticator;
  private readonly budget: ClientRateLimiter;
  /** GATEWAY_RATE_LIMIT: a client's units per window (0: no budget). */
  private readonly budgetPoints: number;

  constructor(
    config: GatewayConfig,
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
    private readonly origins: OriginPolicy,
  ) {
    this.rules = new GraphQLRules(config);
    this.authenticator = new Authenticator(config.auth);
    this.budgetPoints = config.limits.rateLimitPoints;
    this.budget = new ClientRateLimiter(
      config.limits.rateLimitPoints,
      config.limits.rateLimitWindowSeconds,
    );
  }

  /** The caller's principal, or UnauthenticatedError (counted and logged, never the credential). */
  async identify(
    transport: Transport,
    authorization: string | undefined,
    address: string,
  ): Promise<Principal> {
    try {
      return await this.authenticator.authenticate(authorization, address);
    } catch (error) {
      if (error instanceof UnauthenticatedError) {
        this.metrics.authFailures.inc({ transport });
        this.logger.warn({ transport, address, reason: error.message }, 'authentication failed');
      }
      throw error;
    }
  }

  /** Takes `units` from the principal's budget, or throws RateLimitedError. */
  async charge(principal: Principal, units = 1): Promise<void> {
    for (let taken = 0; taken < units; taken += 1) {
      const decision = await this.budget.take(principal.id);
      if (decision.allowed) continue;
      this.metrics.rateLimitRejections.inc();
      throw new RateLimitedError(decision.retryAfterSeconds);
    }
  }

  /**
   * Each root field that asks Intercom costs one unit of the budget: an operation with several
   * (aliases of `sendAdminMessage` or of `conversation`, say) pays for each beyond the one its
   * request paid at the door, before any of them runs. A budget that cannot pay for all refuses
   * the whole operation: none runs.
   */
  chargeIntercomFields(
    principal: Principal,
    document: DocumentNode,
    operation: OperationDefinitionNode | undefined,
  ): Promise<void> {
    if (this.budgetPoints === 0 || !operation) return Promise.resolve();
    const fields = intercomFieldCount(document, operation);
    // More than a whole budget is refused all the same: the loop stays short however many
    // fields nested fragment spreads multiply into.
    return fields > 1
      ? this.charge(principal, Math.min(fields - 1, this.budgetPoints))
      : Promise.resolve();
  }

  /**
   * The HTTP request with the document it runs: a persisted query's hash resolved from the
   * trusted documents, and in trusted-only mode any other document refused (DocumentRefusal,
   * logged and counted like every refusal). WebSocket gets the same from `rules.check`.
   */
  admitDocument(
    request: HTTPGraphQLRequest,
    principal: Principal,
    requestId: string,
  ): HTTPGraphQLRequest {
    try {
      return this.rules.documents.admitHttp(request);
    } catch (error) {
      if (error instanceof DocumentRefusal) {
        this.record({
          transport: 'http',
          requestId,
          clientId: principal.id,
          operation: 'invalid',
          outcome: error.code,
          seconds: 0,
          upstream: [],
        });
      }
      throw error;
    }
  }

  /** Whether a browser on `origin` may call (no Origin header: not a browser, nothing to check). */
  originAllowed(origin: string | undefined): boolean {
    return origin === undefined || this.origins(origin);
  }

  /** One log line and the metrics of one operation, whatever its transport. */
  record(entry: OperationRecord): void {
    this.metrics.requests.inc({ operation: entry.operation, outcome: entry.outcome });
    this.metrics.requestDuration.observe({ operation: entry.operation }, entry.seconds);
    this.logger.info(
      {
        requestId: entry.requestId,
        transport: entry.transport,
        client: entry.clientId,
        operation: entry.operation,
        outcome: entry.outcome,
        durationMs: Math.round(entry.seconds * 10_000) / 10,
        upstream: entry.upstream.map((call) => ({
          route: call.route,
          status: call.status ?? null,
          ms: Math.round(call.ms * 10) / 10,
          retry: call.retry,
        })),
        retries: entry.upstream.filter((call) => call.retry).length,
      },
      'graphql request',
    );
  }
}
