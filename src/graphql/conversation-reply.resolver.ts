import { Ctx, Mutation, Resolver } from 'type-graphql';
import { assertMayReplyAsAdmin, assertMayReplyAsContact, assertTakesPart } from '../auth/policy';
import type { Conversation as ConversationModel } from '../conversations/conversation.model';
import { NotFoundError } from '../domain-errors';
import type { GatewayContext } from './context';
import { Conversation } from './conversation.type';
import { ReplyToConversationInput } from './reply-to-conversation.input';
import { ValidatedArg } from './validate-input';

@Resolver()
export class ConversationReplyResolver {
  @Mutation(() => Conversation, {
    description:
      'Reply in a conversation: as an admin (a comment the contact sees, or an internal note) or as a contact (plain text). Answers the conversation with the reply among its parts.',
  })
  async replyToConversation(
    @ValidatedArg('input', () => ReplyToConversationInput) input: ReplyToConversationInput,
    @Ctx() context: GatewayContext,
  ): Promise<ConversationModel> {
    const { principal } = context;
    if (input.admin) {
      assertMayReplyAsAdmin(principal, input.admin.id);
    } else if (input.contact) {
      assertMayReplyAsContact(principal, input.contact);
      if (principal.kind === 'jwt') {
        // A person may write only where they take part: asked before anything is sent.
        const conversation = await context.conversations.byId(input.conversationId);
        if (!conversation) throw new NotFoundError('Intercom has no conversation with that id.');
        assertTakesPart(principal, conversation);
      }
    }
    return context.replies.reply(
      {
        conversationId: input.conversationId,
        messageType: input.messageType,
        body: input.body,
        attachmentUrls: input.attachmentUrls ?? [],
        from: input.admin ? { admin: input.admin.id } : { contact: input.contact! },
      },
      { clientId: principal.id, idempotencyKey: input.idempotencyKey },
    );
  }
}
