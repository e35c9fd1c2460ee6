import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Info, Mutation, Resolver } from 'type-graphql';
import {
  assertMayReplyAsAdmin,
  assertMayReplyAsContact,
  assertTakesPart,
  conversationReadRight,
  mayReadConversation,
} from '../auth/policy';
import type { Conversation as ConversationModel } from '../conversations/conversation.model';
import { ConversationNotFoundError } from '../domain-errors';
import type { GatewayContext } from './context';
import { assertAsksOnlyForReplyView, replyOnlyView } from './conversation-reply-view';
import { Conversation } from './conversation.type';
import { ReplyToConversationInput } from './reply-to-conversation.input';
import { ValidatedArg } from './validate-input';

async function existingConversation(
  conversationId: string,
  context: GatewayContext,
): Promise<ConversationModel> {
  const conversation = await context.conversations.byId(conversationId);
  if (!conversation) throw new ConversationNotFoundError();
  return conversation;
}

@Resolver()
export class ConversationReplyResolver {
  @Mutation(() => Conversation, {
    description:
      'Reply in a conversation: as an admin (a comment the contact sees, or an internal note) or as a contact (plain text). Answers the conversation with the reply among its parts. A caller who may not read the conversation may ask only for its id and parts, which hold only the reply.',
  })
  async replyToConversation(
    @ValidatedArg('input', () => ReplyToConversationInput) input: ReplyToConversationInput,
    @Ctx() context: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConversationModel> {
    const { principal } = context;
    // Asked of Intercom before anything is sent, when a rule needs the participants.
    let known: ConversationModel | null = null;
    if (input.admin) {
      assertMayReplyAsAdmin(principal, input.admin.id);
    } else if (input.contact) {
      assertMayReplyAsContact(principal, input.contact);
      if (principal.kind === 'jwt') {
        // A person may write only where they take part: another's conversation is not found,
        // as one Intercom does not have, and nothing is sent.
        known = await existingConversation(input.conversationId, context);
        assertTakesPart(principal, known);
      }
    }
    // Writing is not reading: the answer shows no more than `conversation(id)` would.
    const right = conversationReadRight(principal);
    const mayRead =
      right === 'any' ||
      (right === 'own' &&
        mayReadConversation(
          principal,
          known ?? (await existingConversation(input.conversationId, context)),
        ));
    if (!mayRead) assertAsksOnlyForReplyView(info);
    const replied = await context.replies.reply(
      {
        conversationId: input.conversationId,
        messageType: input.messageType,
        body: input.body,
        attachmentUrls: input.attachmentUrls ?? [],
        from: input.admin ? { admin: input.admin.id } : { contact: input.contact! },
      },
      { clientId: principal.id, idempotencyKey: input.idempotencyKey },
    );
    return mayRead ? replied.conversation : replyOnlyView(replied);
  }
}
