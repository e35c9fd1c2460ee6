import { Arg, ID, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import {
  assertMayFollowConversation,
  assertMayOpenConversation,
  assertMayReadConversations,
  assertMayReadSomeConversations,
  mayReadInternalParts,
} from '../auth/policy';
import type { Conversation as ConversationModel } from '../conversations/conversation.model';
import { ContactInput } from './contact.input';
import type { GatewayContext } from './context';
import { Conversation } from './conversation.type';
import { assertIntercomId, validatorFor } from './validate-input';

const validateContact = validatorFor('contact');

interface StartedArgs {
  messageId: string;
  contact: ContactInput;
}

@Resolver()
export class ConversationSubscriptionResolver {
  @Subscription(() => Conversation, {
    description:
      'Fires once with the conversation a message started: at once if the contact has replied already, else when Intercom says so (webhook).',
    subscribe: ({
      args,
      context,
    }: SubscribeResolverData<unknown, Record<string, unknown>, GatewayContext>) => {
      const { messageId, contact: raw } = args as unknown as StartedArgs;
      assertIntercomId('messageId', messageId);
      const contact = Object.assign(new ContactInput(), raw);
      validateContact(contact);
      assertMayReadConversations(context.principal, contact);
      return context.realtime.started(
        { messageId, contact },
        context.principal,
        assertMayFollowConversation,
      );
    },
  })
  conversationStarted(
    @Root() conversation: ConversationModel,
    @Arg('messageId', () => ID) _messageId: string,
    @Arg('contact', () => ContactInput) _contact: ContactInput,
  ): ConversationModel {
    return conversation;
  }

  @Subscription(() => Conversation, {
    description:
      'Fires each time the conversation changes (a reply, for instance). A person’s token is not told of internal changes (an admin’s note), and is answered for a conversation they take no part in as for one that does not exist (NOT_FOUND).',
    subscribe: ({
      args,
      context,
    }: SubscribeResolverData<unknown, Record<string, unknown>, GatewayContext>) => {
      const { conversationId } = args as { conversationId: string };
      assertIntercomId('conversationId', conversationId);
      // The scope first, as the `conversation` query: Intercom is not asked for a caller who
      // may read no conversation (its answer would tell which ids exist).
      assertMayReadSomeConversations(context.principal);
      // The conversation is looked at once listening starts: another's is not found for a
      // person's token, as one Intercom does not have. Each event is checked as it comes: a note
      // is no change to what a person sees.
      return context.realtime.updated(
        conversationId,
        context.principal,
        assertMayFollowConversation,
        {
          internalChanges: mayReadInternalParts(context.principal),
          mayOpen: assertMayOpenConversation,
        },
      );
    },
  })
  conversationUpdated(
    @Root() conversation: ConversationModel,
    @Arg('conversationId', () => ID) _conversationId: string,
  ): ConversationModel {
    return conversation;
  }
}
