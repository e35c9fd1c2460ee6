import type { MiddlewareFn } from 'type-graphql';
import { mayReadInternalParts } from '../auth/policy';
import { visibleParts } from '../conversations/conversation-parts';
import type { Conversation } from '../conversations/conversation.model';
import type { GatewayContext } from './context';

/**
 * What a person's token sees of a conversation besides its parts (`Conversation.parts` filters
 * those): what the contact sees in the Messenger, and nothing that tells of the rest.
 */

/**
 * `Conversation.partsCount` for a person: the parts they may see, as `parts.totalCount` counts
 * them. Intercom's count includes the notes, so it would tell how many are hidden.
 */
export const partsCountAsSeen: MiddlewareFn<GatewayContext> = async ({ root, context }, next) => {
  if (mayReadInternalParts(context.principal)) return next();
  const conversation = root as Conversation;
  // Searches and lists carry no parts: the conversation itself is asked for, once per request.
  const parts =
    conversation.parts ?? (await context.conversations.byId(conversation.id))?.parts ?? null;
  return parts === null ? null : visibleParts(parts, false).length;
};

/** An author's email is for staff: a person's token sees none (admins' addresses above all). */
export const emailForStaffOnly: MiddlewareFn<GatewayContext> = async ({ context }, next) =>
  mayReadInternalParts(context.principal) ? next() : null;
