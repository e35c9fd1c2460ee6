import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Principal } from '../auth/principal';
import { RateLimitedError } from '../limits/errors';
import { echoFreeParseMessage, echoFreeValidationErrors } from './echo-free-errors';
import type { GuardPipeline } from './pipeline';

/**
 * The guard pipeline's rules that need the parsed operation, for Apollo (HTTP): parse and
 * validation messages rewritten without the literals the client wrote (as `GraphQLRules.check`
 * does for WebSocket), and each send of a mutation charged to the client's budget before any
 * resolver runs.
 */
export function httpOperationGuards(
  guards: GuardPipeline,
): ApolloServerPlugin<{ readonly principal: Principal }> {
  return {
    async requestDidStart() {
      return {
        async parsingDidStart() {
          return async (error) => {
            if (error) {
              (error as { message: string }).message = echoFreeParseMessage(error.message);
            }
          };
        },
        async validationDidStart({ schema, document }) {
          return async (errors) => {
            if (!errors) return;
            const graphqlErrors = errors.filter((error) => error instanceof GraphQLError);
            echoFreeValidationErrors(schema, document, graphqlErrors);
          };
        },
        async didResolveOperation({ contextValue, document, operation }) {
          try {
            await guards.chargeIntercomFields(contextValue.principal, document, operation);
          } catch (error) {
            if (!(error instanceof RateLimitedError)) throw error;
            // As the door's refusal: HTTP 429 with Retry-After, nothing run.
            throw new GraphQLError(error.message, {
              extensions: {
                code: 'RATE_LIMITED',
                retryAfterSeconds: error.retryAfterSeconds,
                http: {
                  status: 429,
                  headers: new HeaderMap([['retry-after', String(error.retryAfterSeconds)]]),
                },
              },
            });
          }
        },
      };
    },
  };
}
