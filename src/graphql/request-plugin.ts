import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type GraphQLError } from 'graphql';
import { invalidVariables, variableFieldErrors } from '../guards/graphql-rules';
import { operationLabel, type GuardPipeline } from '../guards/pipeline';
import type { Logger } from '../logger';
import type { GatewayContext } from './context';
import { formatError, isExpectedError } from './errors';

/**
 * graphql-js's refusal of a variable's value, before any field ran: the error points at the
 * variable's definition (Apollo Server marks the same errors BAD_USER_INPUT). Its message repeats
 * the value sent.
 */
const refusesVariable = (error: GraphQLError): boolean =>
  error.nodes?.length === 1 && error.nodes[0]?.kind === Kind.VARIABLE_DEFINITION;

/** Should the schema-only check ever miss what graphql-js refused: still nothing echoed. */
const UNDESCRIBED_REFUSAL = {
  field: 'variables',
  message: 'The variables do not fit the types the operation declares.',
};

/**
 * Puts the request id on every error a client sees, logs every unexpected error, and hands each
 * request's outcome to the guard pipeline's one log line and metrics. Never variables, bodies or
 * credentials.
 *
 * Variables are coerced once per request, by graphql-js's execution. When it refuses them, its
 * messages (which repeat the values sent: bodies, subjects, emails) are neither logged nor
 * answered: the answer is rebuilt as field errors from the schema alone (`variableFieldErrors`),
 * as the WebSocket transport reports them. Checking the variables before executing would coerce
 * every request's variables twice to catch the few that fail.
 */
export function requestPlugin(
  logger: Logger,
  guards: GuardPipeline,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      let variablesRefused = false;
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (refusesVariable(error)) {
              variablesRefused = true;
              continue;
            }
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
          const { response, contextValue, operation, request, schema } = requestContext;
          if (variablesRefused && operation && response.body.kind === 'single') {
            const fieldErrors = variableFieldErrors(schema, operation, request.variables);
            const refusal = invalidVariables(
              fieldErrors.length > 0 ? fieldErrors : [UNDESCRIBED_REFUSAL],
            );
            response.body.singleResult.errors = [formatError(refusal.toJSON(), refusal)];
          }
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
          contextValue.logged.done = true;
        },
      };
    },
  };
}
