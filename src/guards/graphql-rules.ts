import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  GraphQLError,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import type { GatewayConfig } from '../config';

/**
 * The GraphQL document rules every transport applies: the token limit while parsing, then the
 * armor limits (depth, aliases, directives, cost) and the introspection switch while validating,
 * and field suggestions hidden in production. Apollo (HTTP) and the WebSocket server both take
 * them from here.
 */
export class GraphQLRules {
  readonly parseOptions: ParseOptions;
  /** Beside graphql-js's specified rules. */
  readonly validationRules: readonly ValidationRule[];
  /** Production: no "Did you mean ...?" that would map the schema for a prober. */
  readonly hideSuggestions: boolean;

  constructor(config: GatewayConfig) {
    // Tokens are counted by graphql-js's own parser: an over-long document is a parse error
    // (400 GRAPHQL_PARSE_FAILED), like any other document that cannot be parsed.
    this.parseOptions = { maxTokens: config.limits.maxTokens };
    const armor = new ApolloArmor({
      maxDepth: { n: config.limits.maxDepth },
      maxAliases: { n: config.limits.maxAliases },
      maxDirectives: { n: config.limits.maxDirectives },
      costLimit: { maxCost: config.limits.maxCost },
      maxTokens: { enabled: false },
      blockFieldSuggestion: { enabled: false },
    }).protect();
    this.validationRules = [
      ...armor.validationRules,
      ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
    ];
    this.hideSuggestions = config.production;
  }

  /** Parses and validates a document for a transport that has no Apollo pipeline. */
  check(
    schema: GraphQLSchema,
    query: unknown,
  ):
    | { document: DocumentNode; errors?: undefined }
    | {
        errors: readonly GraphQLError[];
        code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED';
      } {
    if (typeof query !== 'string') {
      return {
        errors: [new GraphQLError('Syntax Error: the operation has no query.')],
        code: 'GRAPHQL_PARSE_FAILED',
      };
    }
    let document: DocumentNode;
    try {
      document = parse(query, this.parseOptions);
    } catch (error) {
      return { errors: [error as GraphQLError], code: 'GRAPHQL_PARSE_FAILED' };
    }
    const errors = validate(schema, document, [...specifiedRules, ...this.validationRules]);
    if (errors.length > 0) {
      if (this.hideSuggestions) for (const error of errors) withoutSuggestion(error);
      return { errors, code: 'GRAPHQL_VALIDATION_FAILED' };
    }
    return { document };
  }
}

/** Drops graphql-js's "Did you mean ...?" from a validation message. */
function withoutSuggestion(error: GraphQLError): void {
  const at = error.message.indexOf(' Did you mean ');
  if (at !== -1) (error as { message: string }).message = error.message.slice(0, at);
}
