import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { mayReadInternalParts } from '../auth/policy';
import {
  PARTS_PAGE_DEFAULT,
  PARTS_PAGE_MAX,
  pageOfParts,
  visibleParts,
  type PartsPage,
} from '../conversations/conversation-parts';
import type { Conversation as ConversationModel } from '../conversations/conversation.model';
import { ConversationNotFoundError } from '../domain-errors';
import type { GatewayContext } from './context';
import { ConversationPartConnection } from './conversation-part.type';
import { Conversation } from './conversation.type';

@Resolver(() => Conversation)
export class ConversationPartsResolver {
  @FieldResolver(() => ConversationPartConnection, {
    description: `The conversation's replies and notes, oldest first: the first ${PARTS_PAGE_DEFAULT} by default, at most ${PARTS_PAGE_MAX} a page (first/after, or last/before for the newest). A person's token sees only what the contact sees (no notes).`,
  })
  async parts(
    @Root() conversation: ConversationModel,
    @Arg('first', () => Int, { nullable: true, description: 'The oldest parts (after `after`).' })
    first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('last', () => Int, { nullable: true, description: 'The newest parts (before `before`).' })
    last: number | null,
    @Arg('before', () => String, { nullable: true }) before: string | null,
    @Ctx() context: GatewayContext,
  ): Promise<PartsPage> {
    // Searches and lists carry no parts: the conversation itself is asked for, once per request.
    const parts =
      conversation.parts ?? (await context.conversations.byId(conversation.id))?.parts ?? null;
    if (parts === null) throw new ConversationNotFoundError();
    return pageOfParts(visibleParts(parts, mayReadInternalParts(context.principal)), {
      first,
      after,
      last,
      before,
    });
  }
}
