import {
  getNamedType,
  isEnumType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
} from 'graphql';

/**
 * graphql-js's parse and validation messages print what the client wrote: a string, number or
 * enum literal (`Value "…" does not exist in "MessageType" enum.`, `Expected Name, found String
 * "…".`). A document carries message bodies, subjects and emails as literals, and an answer must
 * never hand them back: these rewrite such messages from the schema's names alone. The names
 * graphql-js quotes stay when they are the schema's (fields, arguments, types, enum values,
 * directives); a name the client made up (an unknown field, a variable, a fragment, an operation)
 * is left out.
 */

/** The token kinds whose description repeats the token's text (`found String "…"`). */
const VALUED_TOKEN = / (?:String|BlockString|Name|Int|Float|Comment) "/;

/** A parse error's message without the text of the token or characters it stopped at. */
export function echoFreeParseMessage(message: string): string {
  const token = VALUED_TOKEN.exec(message);
  // `Expected Name, found String "…".` -> `Expected Name, found String.`
  if (token) return `${message.slice(0, token.index + token[0].length - 2)}.`;
  // The lexer's `Unexpected character: "…".`, `Invalid character escape sequence: "…".`
  const quoted = message.indexOf(': "');
  if (quoted !== -1) return `${message.slice(0, quoted)}.`;
  return message;
}

const VALUE_KINDS: ReadonlySet<string> = new Set([
  Kind.STRING,
  Kind.INT,
  Kind.FLOAT,
  Kind.BOOLEAN,
  Kind.ENUM,
  Kind.NULL,
  Kind.LIST,
  Kind.OBJECT,
]);

/**
 * graphql-js's messages about a value node that name only the schema's fields and types: a
 * required field left out, a field the type lacks (its name is a name, not a value), `@oneOf`.
 */
const NAMES_ONLY = [/^Field "[^"]*" of required type "[^"]*" was not provided\.$/, /^OneOf /];

/** Where a value stands, in the schema's words: the input field or argument it is given to. */
interface ValuePlace {
  readonly type: GraphQLInputType | null | undefined;
  readonly name: string | undefined;
}

function placeOf(schema: GraphQLSchema, document: DocumentNode, target: ASTNode): ValuePlace {
  const typeInfo = new TypeInfo(schema);
  let found: ValuePlace | undefined;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      enter(node, _key, parent, _path, ancestors) {
        if (found) return false;
        if (node !== target) return undefined;
        // `ancestors` stops above the parent: the nearest field or argument may be the parent.
        const chain = [...ancestors, ...(parent ? [parent] : [])];
        let name: string | undefined;
        for (let at = chain.length - 1; at >= 0 && name === undefined; at -= 1) {
          const ancestor = chain[at] as ASTNode | readonly ASTNode[];
          if ('kind' in ancestor && ancestor.kind === Kind.OBJECT_FIELD) {
            name = ancestor.name.value;
          } else if ('kind' in ancestor && ancestor.kind === Kind.ARGUMENT) {
            name = typeInfo.getArgument()?.name;
          }
        }
        found = { type: typeInfo.getInputType(), name };
        return false;
      },
    }),
  );
  return found ?? { type: undefined, name: undefined };
}

/** What a value must be, from its type alone. */
function expectation(place: ValuePlace): string {
  const where = place.name ? `${place.name} ` : 'A value ';
  if (!place.type) return `${where}does not fit its type.`;
  const named = getNamedType(place.type);
  if (isEnumType(named)) {
    const values = named.getValues().map((value) => value.name);
    return `${where}must be a value of enum "${named.name}": one of ${values.join(', ')}.`;
  }
  return `${where}must be a value of type "${String(place.type)}".`;
}

/** Every name a schema defines: types, their fields and arguments, enum values, directives. */
const schemaNames = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

function namesOf(schema: GraphQLSchema): ReadonlySet<string> {
  const known = schemaNames.get(schema);
  if (known) return known;
  // The meta-fields every type answers, which no type map lists.
  const names = new Set<string>(['__typename', '__schema', '__type']);
  for (const type of Object.values(schema.getTypeMap())) {
    names.add(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        names.add(field.name);
        for (const argument of field.args) names.add(argument.name);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) names.add(field.name);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) names.add(value.name);
    }
  }
  for (const directive of schema.getDirectives()) {
    names.add(directive.name);
    for (const argument of directive.args) names.add(argument.name);
  }
  schemaNames.set(schema, names);
  return names;
}

/** A quoted passage of a message: graphql-js quotes the names it prints. */
const QUOTED = /"([^"]*)"/g;
/**
 * What joins names in a quoted passage: `Type.field(arg:)`, `@directive`, `$variable`, `[T!]!`,
 * and a hint's selection (`"conversation { ... }"`).
 */
const NAME_JOINERS = /[.():@$[\]!{}\s]+/;

/**
 * The message with every quoted passage that is not made of the schema's names replaced by
 * `"…"`: an unknown field's name, a variable's, a fragment's or an operation's is the client's.
 */
function withSchemaNamesOnly(schema: GraphQLSchema, message: string): string {
  const names = namesOf(schema);
  return message.replace(QUOTED, (quoted, text: string) =>
    text
      .split(NAME_JOINERS)
      .filter((part) => part !== '')
      .every((part) => names.has(part)) && /[A-Za-z_]/.test(text)
      ? quoted
      : '"…"',
  );
}

/**
 * Rewrites, in place, every validation message about a literal in the document (a wrong enum
 * value, a string where a number goes, a date a scalar refuses) to say what the field expects
 * (for an enum, its values) without the value; in every message, a quoted name the schema does
 * not define becomes `"…"` (the error's `locations` still point at it).
 */
export function echoFreeValidationErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  errors: readonly GraphQLError[],
): void {
  for (const error of errors) {
    const node = error.nodes?.[0];
    const aboutValue =
      node !== undefined &&
      VALUE_KINDS.has(node.kind) &&
      !NAMES_ONLY.some((pattern) => pattern.test(error.message));
    const message = aboutValue ? expectation(placeOf(schema, document, node)) : error.message;
    (error as { message: string }).message = withSchemaNamesOnly(schema, message);
  }
}
