import type { ApolloServerPlugin } from '@apollo/server';
import { operationLabel, type GuardPipeline } from '../guards/pipeline';
import type { Logger } from '../logger';
import type { GatewayContext } from './context';
import { isExpectedError } from './errors';

/**
 * Puts the request id on every error a client sees, logs every unexpected error, and hands each
 * request's outcome to the guard pipeline's one log line and metrics. Never variables, bodies or
 * credentials.
 */
export function requestPlugin(
  logger: Logger,
  guards: GuardPipeline,
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
          guards.record({
            transport: 'http',
            requestId: contextValue.requestId,
            clientId: contextValue.principal.id,
            operation: operationLabel(requestContext.operation),
            outcome: errors.length === 0 ? 'ok' : String(errors[0]?.extensions?.code ?? 'error'),
            seconds: (performance.now() - started) / 1000,
            upstream: contextValue.upstream,
          });
        },
      };
    },
  };
}
