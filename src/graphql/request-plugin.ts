import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '../logger';
import type { GatewayContext } from './context';
import { isExpectedError } from './errors';

/**
 * Puts the request id on every error a client sees, and logs what it needs to: unexpected errors
 * (masked for the client) with their stack, and one line per operation. Never variables or bodies.
 */
export function requestPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
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
        async willSendResponse({ response, contextValue, operationName, errors }) {
          if (response.body.kind === 'single') {
            for (const error of response.body.singleResult.errors ?? []) {
              (error as { extensions?: Record<string, unknown> }).extensions = {
                ...error.extensions,
                requestId: contextValue.requestId,
              };
            }
          }
          logger.info(
            {
              requestId: contextValue.requestId,
              operation: operationName ?? null,
              outcome: errors?.length ? 'error' : 'ok',
              errorCodes:
                response.body.kind === 'single'
                  ? response.body.singleResult.errors?.map((e) => e.extensions?.code)
                  : undefined,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
            },
            'graphql request',
          );
        },
      };
    },
  };
}
