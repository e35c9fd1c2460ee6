/**
 * A forward page as the schema's connections answer it: each node with its cursor, and the
 * page's info (`after`, the cursor the client gave, tells whether a page came before).
 */
export function connectionOf<T>(
  nodes: readonly T[],
  cursorOf: (node: T) => string,
  hasNextPage: boolean,
  after: string | null | undefined,
) {
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
