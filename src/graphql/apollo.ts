import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from '../config';
import type { Logger } from '../logger';
import type { GatewayMetrics } from '../observability/metrics';
import type { GatewayContext } from './context';
import { formatError } from './errors';
import { requestPlugin } from './request-plugin';

/** Apollo Server with the gateway's behaviour as plugins: limits, errors, logs, metrics, Sandbox. */
export function createApolloServer(
  config: GatewayConfig,
  schema: GraphQLSchema,
  logger: Logger,
  metrics: GatewayMetrics,
): ApolloServer<GatewayContext> {
  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxDepth },
    maxAliases: { n: config.limits.maxAliases },
    maxTokens: { n: config.limits.maxTokens },
    maxDirectives: { n: config.limits.maxDirectives },
    costLimit: { maxCost: config.limits.maxCost },
    blockFieldSuggestion: { enabled: config.production },
  }).protect();

  return new ApolloServer<GatewayContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.production,
    introspection: config.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns the signals: Apollo's own handler would end the process mid-drain.
    stopOnTerminationSignals: false,
    logger,
    validationRules: armor.validationRules,
    plugins: [
      // Nothing here is HTTP-cacheable; the default cache-control plugin would wrap every
      // field resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
      ...armor.plugins,
      requestPlugin(logger, metrics),
      config.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
}
