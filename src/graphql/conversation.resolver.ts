import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { ForbiddenError } from '../auth/errors';
import {
  assertMayFollowConversation,
  assertMayReadConversations,
  assertMayReadSomeConversations,
  hidesConversation,
  ledgerReaderFor,
} from '../auth/policy';
import type { Conversation as ConversationModel } from '../conversations/conversation.model';
import { InputError } from '../domain-errors';
import { recordedContactOf } from '../ledger/ledger-conversation-index';
import type {
  ContactReference,
  SentAdminMessage,
  SentUserMessage,
} from '../messages/message.model';
import { ContactInput } from './contact.input';
import type { GatewayContext } from './context';
import { Conversation } from './conversation.type';
import { AdminMessage, UserMessage } from './message.type';
import { asksOnlyForId } from './selection';
import { IntercomIdArg, ValidatedArg } from './validate-input';

const contactNeeded = (why: string) =>
  new InputError([{ field: 'contact', message: `contact is required: ${why}` }]);

/**
 * The contact the ledger recorded for a message the caller may see in it (the message's
 * recipient, or its sender), with the Intercom id Intercom's answer gave where there is one.
 */
async function recordedContact(
  messageId: string,
  context: GatewayContext,
): Promise<{ contact: ContactReference; conversationId: string | null }> {
  if (!context.ledger) throw contactNeeded('the ledger is off, so the gateway keeps no messages.');
  let reader;
  try {
    reader = ledgerReaderFor(context.principal);
  } catch (error) {
    if (!(error instanceof ForbiddenError)) throw error;
    throw contactNeeded('without the messages:read scope the ledger cannot be asked.');
  }
  const entry = await context.ledger.find(messageId, reader);
  const contact = entry?.state === 'SENT' ? recordedContactOf(entry) : null;
  if (!entry || !contact || entry.intercomMessageId !== messageId) {
    throw contactNeeded('the ledger holds no message with this id that you may see.');
  }
  return {
    contact: { ...contact, id: contact.id ?? entry.resolvedContactId },
    conversationId: entry.conversationId,
  };
}

@Resolver()
export class ConversationResolver {
  @Query(() => Conversation, {
    nullable: true,
    description:
      'The conversation a message started. null: the contact has not replied yet. `contact` (the recipient, or the sender of a user message) may be left out for a message the ledger holds. Once the gateway knows the conversation (a webhook, the send’s answer, an earlier lookup), no search is made: one fetch, or none when only `id` is asked for.',
  })
  async conversationForMessage(
    @IntercomIdArg('messageId') messageId: string,
    @ValidatedArg('contact', () => ContactInput, { nullable: true }) contact: ContactInput | null,
    @Ctx() context: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConversationModel | Pick<ConversationModel, 'id'> | null> {
    const key = contact
      ? { messageId, contact }
      : { messageId, ...(await recordedContact(messageId, context)) };
    assertMayReadConversations(context.principal, key.contact);
    if (asksOnlyForId(info)) {
      const id = await context.conversations.knownIdForMessage(key);
      if (id !== null) return { id };
    }
    return context.conversations.forMessage(key);
  }

  @Query(() => Conversation, {
    nullable: true,
    description:
      'One conversation by id, with its parts. null: Intercom has no such conversation. A person’s token reads only conversations they take part in: any other is null too.',
  })
  async conversation(
    @IntercomIdArg('id') id: string,
    @Ctx() context: GatewayContext,
  ): Promise<ConversationModel | null> {
    // The scope is checked before Intercom is asked; who takes part, once the answer says.
    assertMayReadSomeConversations(context.principal);
    const conversation = await context.conversations.byId(id);
    // A person's token is answered for another's conversation as for none: null.
    if (!conversation || hidesConversation(context.principal, conversation)) return null;
    assertMayFollowConversation(context.principal, conversation);
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
