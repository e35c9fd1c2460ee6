import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { Kind } from 'graphql';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../observability/metrics';
import { requestScope } from '../observability/request-scope';
import type { GatewayContext } from './context';
import { isExpectedError } from './errors';

/**
 * A bounded name for metrics: the operation type and its first root field
 * (`mutation:sendAdminMessage`), never the client-chosen operation name.
 */
function operationLabel(context: GraphQLRequestContext<GatewayContext>): string {
  const operation = context.operation;
  if (!operation) return 'invalid';
  const first = operation.selectionSet.selections.find(
    (selection) => selection.kind === Kind.FIELD,
  );
  return `${operation.operation}:${first && first.kind === Kind.FIELD ? first.name.value : 'unknown'}`;
}

/**
 * Puts the request id on every error a client sees, counts and times every request, and logs one
 * line per request (operation, outcome, duration, Intercom exchanges) and every unexpected error.
 * Never variables, bodies or credentials.
 */
export function requestPlugin(
  logger: Logger,
  metrics: GatewayMetrics,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isExpectedError(error)) continue;
            const original = error.originalError ?? error;
            logger.error(
              {
                requestId: contextValue.requestId,
                err: { type: original.name, message: original.message, stack: original.stack },
              },
              'unexpected error (masked for the client)',
            );
          }
        },
        async willSendResponse(requestContext) {
          const { response, contextValue } = requestContext;
          const errors =
            response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          for (const error of errors) {
            (error as { extensions?: Record<string, unknown> }).extensions = {
              ...error.extensions,
              requestId: contextValue.requestId,
            };
          }
          const operation = operationLabel(requestContext);
          const outcome =
            errors.length === 0 ? 'ok' : String(errors[0]?.extensions?.code ?? 'error');
          const seconds = (performance.now() - started) / 1000;
          metrics.requests.inc({ operation, outcome });
          metrics.requestDuration.observe({ operation }, seconds);
          const upstream = requestScope.getStore()?.upstream ?? [];
          logger.info(
            {
              requestId: contextValue.requestId,
              client: contextValue.principal.id,
              operation,
              outcome,
              durationMs: Math.round(seconds * 10_000) / 10,
              upstream: upstream.map((call) => ({
                route: call.route,
                status: call.status ?? null,
                ms: Math.round(call.ms * 10) / 10,
                retry: call.retry,
              })),
              retries: upstream.filter((call) => call.retry).length,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
