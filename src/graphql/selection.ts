import { Kind, type GraphQLResolveInfo } from 'graphql';

const ID_FIELDS = new Set(['id', '__typename']);

/**
 * Whether the operation asks this field for nothing but its `id` (and `__typename`): then an id
 * known without asking Intercom is the whole answer. Fragments count as asking for more.
 */
export function asksOnlyForId(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.every(
    (node) =>
      node.selectionSet?.selections.every(
        (selection) => selection.kind === Kind.FIELD && ID_FIELDS.has(selection.name.value),
      ) ?? false,
  );
}
