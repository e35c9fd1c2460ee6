import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import {
  assertMayFollowConversation,
  assertMayReadConversations,
  assertMayReadSomeConversations,
} from '../auth/policy';
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

  @Query(() => Conversation, {
    nullable: true,
    description:
      'One conversation by id, with its parts. null: Intercom has no such conversation. A person’s token reads only conversations they take part in.',
  })
  async conversation(
    @IntercomIdArg('id') id: string,
    @Ctx() context: GatewayContext,
  ): Promise<ConversationModel | null> {
    // The scope is checked before Intercom is asked; who takes part, once the answer says.
    assertMayReadSomeConversations(context.principal);
    const conversation = await context.conversations.byId(id);
    if (conversation) assertMayFollowConversation(context.principal, conversation);
    return conversation;
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
