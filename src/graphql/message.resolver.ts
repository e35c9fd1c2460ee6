import { Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { assertMaySendAdminMessage, assertMaySendUserMessage } from '../auth/policy';
import type { GatewayContext } from './context';
import { AdminMessage, UserMessage } from './message.type';
import { SendAdminMessageInput } from './send-admin-message.input';
import { SendUserMessageInput } from './send-user-message.input';
import { ValidatedArg } from './validate-input';
import type { SentAdminMessage, SentUserMessage } from '../messages/message.model';

@Resolver()
export class MessageResolver {
  @Mutation(() => AdminMessage, {
    description:
      'Send a message from an admin to a user or lead, in-app or by email. No conversation exists until the contact replies.',
  })
  sendAdminMessage(
    @ValidatedArg('input', () => SendAdminMessageInput) input: SendAdminMessageInput,
    @Ctx() context: GatewayContext,
  ): Promise<SentAdminMessage> {
    assertMaySendAdminMessage(context.principal, input.from.id);
    return context.messages.sendAdminMessage(
      {
        messageType: input.messageType,
        subject: input.subject,
        body: input.body,
        template: input.template,
        fromAdminId: input.from.id,
        to: input.to,
        createConversationWithoutContactReply: input.createConversationWithoutContactReply,
      },
      { clientId: context.principal.id, idempotencyKey: input.idempotencyKey },
    );
  }

  @Mutation(() => UserMessage, {
    description:
      'Send an in-app, plain-text message as a user, lead or visitor. It opens a conversation at once.',
  })
  sendUserMessage(
    @ValidatedArg('input', () => SendUserMessageInput) input: SendUserMessageInput,
    @Ctx() context: GatewayContext,
  ): Promise<SentUserMessage> {
    assertMaySendUserMessage(context.principal, input.from);
    return context.messages.sendUserMessage(
      { from: input.from, body: input.body },
      { clientId: context.principal.id, idempotencyKey: input.idempotencyKey },
    );
  }
}

@Resolver()
export class GatewayInfoResolver {
  @Query(() => String, { description: 'The Intercom API version this gateway speaks upstream.' })
  intercomApiVersion(@Ctx() context: GatewayContext): string {
    // From the context itself: a constant needs none of the request's services built.
    return context.intercomVersion;
  }
}
