import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  NoSchemaIntrospectionCustomRule,
  coerceInputValue,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  type GraphQLInputType,
  typeFromAST,
  type OperationDefinitionNode,
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
import { InputError, type FieldError } from '../domain-errors';
import { DocumentAdmission, DocumentRefusal } from './document-admission';
import { echoFreeParseMessage, echoFreeValidationErrors } from './echo-free-errors';

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
  /** Persisted queries and trusted documents: which document a request runs. */
  readonly documents: DocumentAdmission;

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
    this.documents = new DocumentAdmission(config.trustedDocuments, this.parseOptions);
  }

  /** Parses and validates a document for a transport that has no Apollo pipeline. */
  check(
    schema: GraphQLSchema,
    query: unknown,
  ):
    | { document: DocumentNode; errors?: undefined }
    | {
        errors: readonly GraphQLError[];
        code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED' | 'QUERY_NOT_IN_SAFELIST';
      } {
    if (typeof query !== 'string') {
      return {
        errors: [new GraphQLError('Syntax Error: the operation has no query.')],
        code: 'GRAPHQL_PARSE_FAILED',
      };
    }
    let text: string;
    try {
      text = this.documents.admitText(query) as string;
    } catch (error) {
      if (!(error instanceof DocumentRefusal)) throw error;
      return { errors: [new GraphQLError(error.message)], code: 'QUERY_NOT_IN_SAFELIST' };
    }
    let document: DocumentNode;
    try {
      document = parse(text, this.parseOptions);
    } catch (error) {
      const syntaxError = error as GraphQLError;
      (syntaxError as { message: string }).message = echoFreeParseMessage(syntaxError.message);
      return { errors: [syntaxError], code: 'GRAPHQL_PARSE_FAILED' };
    }
    const errors = validate(schema, document, [...specifiedRules, ...this.validationRules]);
    if (errors.length > 0) {
      echoFreeValidationErrors(schema, document, errors);
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

/**
 * The variables' problems as field errors that never repeat a value: graphql-js's own coercion
 * messages print what was sent (bodies, subjects, emails), so they are rebuilt here from the
 * path and the schema's type names only.
 */
export function variableFieldErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined | null,
): FieldError[] {
  const errors: FieldError[] = [];
  const inputs = variables ?? {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    // An unknown type is a validation error, reported before this runs.
    if (!type || !isInputType(type)) continue;
    if (!Object.prototype.hasOwnProperty.call(inputs, name) || inputs[name] === undefined) {
      if (!definition.defaultValue && isNonNullType(type)) {
        errors.push({ field: name, message: `${name} is required.` });
      }
      continue;
    }
    coerceInputValue(inputs[name], type, (path, _value, error) => {
      errors.push(describeCoercionError(name, type, path, error.message));
    });
  }
  return errors;
}

const fieldPath = (variable: string, path: ReadonlyArray<string | number>): string =>
  path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${key}`),
    variable,
  );

/** The input type at `path` below `type`, from the schema alone. */
function typeAt(type: GraphQLInputType, path: ReadonlyArray<string | number>): GraphQLInputType {
  let current = type;
  for (const key of path) {
    const named = isNonNullType(current) ? current.ofType : current;
    if (typeof key === 'number' && isListType(named)) current = named.ofType;
    else if (typeof key === 'string' && isInputObjectType(named)) {
      const field = named.getFields()[key];
      if (!field) return current;
      current = field.type;
    }
  }
  return current;
}

/** graphql-js's coercion message, reduced to what it says about the schema: never the value. */
function describeCoercionError(
  variable: string,
  variableType: GraphQLInputType,
  path: ReadonlyArray<string | number>,
  message: string,
): FieldError {
  const field = fieldPath(variable, path);
  const last = String(path.length > 0 ? path[path.length - 1] : variable);
  // `Field "name" of required type "T!" was not provided.`: the name is the schema's.
  if (message.startsWith('Field "') && message.endsWith(' was not provided.')) {
    const missing = message.slice(7, message.indexOf('"', 7));
    return { field: `${field}.${missing}`, message: `${missing} is required.` };
  }
  // `Field "<what the client sent>" is not defined by type "T".`: the name is the client's.
  if (message.startsWith('Field "')) {
    return { field, message: `${last} has a field its type does not define.` };
  }
  if (message.startsWith('Expected non-nullable type')) {
    return { field, message: `${last} must not be null.` };
  }
  const expected = getNamedType(typeAt(variableType, path));
  if (isEnumType(expected)) {
    const values = expected.getValues().map((value) => value.name);
    return { field, message: `${last} must be one of ${values.join(', ')}.` };
  }
  return { field, message: `${last} must be a valid ${expected.name}.` };
}

/** The refusal of bad variables: BAD_USER_INPUT with field errors (HTTP 400), like bad input. */
export function invalidVariables(fieldErrors: FieldError[]): GraphQLError {
  return new GraphQLError('The input is not valid: see extensions.fieldErrors for each field.', {
    originalError: new InputError(fieldErrors),
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}
