import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * How many sends a mutation asks for: its root fields (every Mutation field writes to Intercom),
 * through fragments and inline fragments, aliases counted one by one. `__typename` sends
 * nothing. A field under `@skip`/`@include` counts as if it ran: the count is what the operation
 * may do, known before it runs. Queries and subscriptions send nothing.
 */
export function sendFieldCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  if (operation.operation !== 'mutation') return 0;
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
        if (!selection.name.value.startsWith('__')) sends += 1;
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
