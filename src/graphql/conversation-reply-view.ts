import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import { ForbiddenError } from '../auth/errors';
import type { RepliedConversation } from '../conversations/conversation-replies';
import type { Conversation } from '../conversations/conversation.model';

/**
 * What the answer to a reply shows a caller who may not read the conversation: its id, and
 * among its parts only the part the reply wrote. Everything else is withheld.
 */
const REPLY_VIEW_FIELDS: ReadonlySet<string> = new Set(['id', 'parts', '__typename']);

/** Whether a selection (or a fragment in it) is skipped by `@skip`/`@include`. */
function skipped(
  node: Parameters<typeof getDirectiveValues>[1],
  variables: GraphQLResolveInfo['variableValues'],
): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return true;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false;
}

/** The names of the fields a selection asks for, through its fragments. */
function fieldNamesOf(
  selectionSet: SelectionSetNode | undefined,
  info: GraphQLResolveInfo,
  names: Set<string>,
  seenFragments: Set<string>,
): Set<string> {
  for (const selection of selectionSet?.selections ?? []) {
    if (skipped(selection, info.variableValues)) continue;
    if (selection.kind === Kind.FIELD) {
      names.add(selection.name.value);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fieldNamesOf(selection.selectionSet, info, names, seenFragments);
    } else if (!seenFragments.has(selection.name.value)) {
      seenFragments.add(selection.name.value);
      const fragment = info.fragments[selection.name.value];
      fieldNamesOf(fragment?.selectionSet, info, names, seenFragments);
    }
  }
  return names;
}

/**
 * Refuses, before anything is sent, an answer that asks for more than a caller without read
 * rights may see: its fields are not nullable, so withholding them afterwards would lose the
 * whole answer to a reply already sent.
 */
export function assertAsksOnlyForReplyView(info: GraphQLResolveInfo): void {
  const names = new Set<string>();
  for (const node of info.fieldNodes) fieldNamesOf(node.selectionSet, info, names, new Set());
  if ([...names].some((name) => !REPLY_VIEW_FIELDS.has(name))) {
    throw new ForbiddenError(
      'Your credentials do not allow reading this conversation: the answer to your reply may ask only for its id and parts (the part you write). Nothing was sent.',
    );
  }
}

/**
 * The conversation as a caller without read rights sees it after replying: its id and the part
 * it wrote. The rest is blanked too, though never asked for (`assertAsksOnlyForReplyView`).
 */
export function replyOnlyView({ conversation, reply }: RepliedConversation): Conversation {
  return {
    ...conversation,
    source: {
      id: '',
      type: '',
      deliveredAs: null,
      subject: null,
      body: null,
      author: null,
    },
    contacts: [],
    partsCount: null,
    parts: reply ? [reply] : [],
  };
}
