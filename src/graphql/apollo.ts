import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config';
import { GRAPHIQL_PATH } from '../explorer/graphiql-assets';
import { httpOperationGuards } from '../guards/http-operation-guards';
import type { GuardPipeline } from '../guards/pipeline';
import type { Logger } from '../logger';
import type { GatewayContext } from './context';
import { formatError } from './errors';
import { landingPagePlugin } from './landing-page';
import { requestPlugin } from './request-plugin';

/**
 * Apollo Server for HTTP, with the guard pipeline's document rules (the same the WebSocket
 * server applies) and the gateway's behaviour as plugins: errors, logs, metrics, Sandbox.
 */
export function createApolloServer(
  config: GatewayConfig,
  schema: GraphQLSchema,
  logger: Logger,
  guards: GuardPipeline,
): ApolloServer<GatewayContext> {
  return new ApolloServer<GatewayContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: guards.rules.hideSuggestions,
    // The rules carry the introspection switch; Apollo's own would only repeat it.
    introspection: true,
    parseOptions: guards.rules.parseOptions,
    validationRules: [...guards.rules.validationRules],
    // A GET or a simple POST runs only with a header a browser never sends cross-site without a
    // preflight (which CORS then decides). The gateway's credentials travel in `Authorization`,
    // such a header: clients that query over GET with a key or token (urql's default) pass.
    csrfPrevention: {
      requestHeaders: ['x-apollo-operation-name', 'apollo-require-preflight', 'authorization'],
    },
    allowBatchedHttpRequests: false,
    // main.ts owns the signals: Apollo's own handler would end the process mid-drain.
    stopOnTerminationSignals: false,
    logger,
    plugins: [
      // Nothing here is HTTP-cacheable; the default cache-control plugin would wrap every
      // field resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
      requestPlugin(logger, guards),
      httpOperationGuards(guards),
      landingPagePlugin(config.explorer, GRAPHIQL_PATH),
    ],
  });
}
