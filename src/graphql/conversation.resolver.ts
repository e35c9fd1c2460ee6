import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { assertMayReadConversations } from '../auth/policy';
import type { Conversation as ConversationModel } from '../conversations/conversation.model';
import type { SentAdminMessage, SentUserMessage } from '../messages/message.model';
import { ContactInput } from './contact.input';
import type { GatewayContext } from './context';
import { Conversation } from './conversation.type';
import { AdminMessage, UserMessage } from './message.type';
import { IntercomIdArg, ValidatedArg } from './validate-input';

@Resolver()
export class ConversationResolver {
  @Query(() => Conversation, {
    nullable: true,
    description:
      'The conversation a message started, found among the contact’s conversations. null: the contact has not replied yet.',
  })
  conversationForMessage(
    @IntercomIdArg('messageId') messageId: string,
    @ValidatedArg('contact', () => ContactInput) contact: ContactInput,
    @Ctx() context: GatewayContext,
  ): Promise<ConversationModel | null> {
    assertMayReadConversations(context.principal, contact);
    return context.conversations.forMessage({ messageId, contact });
  }
}

@Resolver(() => AdminMessage)
export class AdminMessageConversationResolver {
  @FieldResolver(() => Conversation, { nullable: true })
  conversation(
    @Root() message: SentAdminMessage,
    @Ctx() context: GatewayContext,
  ): Promise<ConversationModel | null> {
    assertMayReadConversations(context.principal, message.recipient);
    return context.conversations.forMessage({
      messageId: message.id,
      contact: message.recipient,
      conversationId: message.conversationId,
    });
  }
}

@Resolver(() => UserMessage)
export class UserMessageConversationResolver {
  @FieldResolver(() => Conversation, { nullable: true })
  conversation(
    @Root() message: SentUserMessage,
    @Ctx() context: GatewayContext,
  ): Promise<ConversationModel | null> {
    assertMayReadConversations(context.principal, message.sender);
    return context.conversations.forMessage({
      messageId: message.id,
      contact: message.sender,
      conversationId: message.conversationId,
    });
  }
}
