import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * The Query fields that ask Intercom (a GET, a search, pages of a contact's conversations).
 * The others read the gateway's own ledger or state.
 */
const INTERCOM_QUERY_FIELDS: ReadonlySet<string> = new Set([
  'conversation',
  'conversationForMessage',
]);

/**
 * How many of an operation's root fields ask Intercom: every Mutation field (each writes to
 * Intercom), and the Query fields of INTERCOM_QUERY_FIELDS, through fragments and inline
 * fragments, aliases counted one by one. `__typename` asks nothing. A field under
 * `@skip`/`@include` counts as if it ran: the count is what the operation may do, known before
 * it runs. Subscriptions count none (each pays at subscribe).
 */
export function intercomFieldCount(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): number {
  if (operation.operation === 'subscription') return 0;
  const asksIntercom =
    operation.operation === 'mutation'
      ? (name: string) => !name.startsWith('__')
      : (name: string) => INTERCOM_QUERY_FIELDS.has(name);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  // Each fragment is counted once however often it is spread (no blow-up from nested spreads).
  // Validation refuses fragment cycles before this runs; `entered` keeps the count finite anyway.
  const counted = new Map<string, number>();
  const entered = new Set<string>();
  const count = (selectionSet: SelectionSetNode): number => {
    let sends = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (asksIntercom(selection.name.value)) sends += 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        sends += count(selection.selectionSet);
      } else {
        sends += fragmentCount(selection.name.value);
      }
    }
    return sends;
  };
  const fragmentCount = (name: string): number => {
    const known = counted.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    if (!fragment || entered.has(name)) return 0;
    entered.add(name);
    const sends = count(fragment.selectionSet);
    counted.set(name, sends);
    return sends;
  };
  return count(operation.selectionSet);
}
