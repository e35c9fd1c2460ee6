import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, InterfaceType, ObjectType } from 'type-graphql';
import type { SentAdminMessage, SentUserMessage } from '../messages/message.model';
import { Conversation } from './conversation.type';
import { EmailTemplate, MessageType } from './enums';
import { MessageState } from './sent-message.type';

@ObjectType({ description: 'An Intercom teammate.' })
export class Admin {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;
}

@InterfaceType({
  description: "A message created through Intercom's POST /messages.",
  resolveType: (message: SentAdminMessage | SentUserMessage) =>
    message.kind === 'admin' ? 'AdminMessage' : 'UserMessage',
})
export abstract class Message {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => String)
  body!: string;

  @Field(() => MessageType)
  messageType!: MessageType;

  @Field(() => MessageState, {
    description:
      'SENT: Intercom took it (an answer here always is). The ledger (`message(id)`) keeps its state for later.',
  })
  state!: MessageState;

  @Field(() => Conversation, {
    nullable: true,
    description:
      'The conversation the message started; null until the contact replies (admin messages).',
  })
  conversation?: Conversation | null;
}

@ObjectType({ implements: Message, description: 'A message an admin sent to a user or lead.' })
export class AdminMessage extends Message {
  @Field(() => String, { nullable: true })
  subject!: string | null;

  @Field(() => EmailTemplate, { nullable: true })
  template!: EmailTemplate | null;

  @Field(() => Admin, { nullable: true, description: 'The admin who sent it.' })
  owner!: Admin | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Set when the conversation opened at once (createConversationWithoutContactReply).',
  })
  conversationId!: string | null;
}

@ObjectType({ implements: Message, description: 'A message a user, lead or visitor sent.' })
export class UserMessage extends Message {
  @Field(() => ID, {
    nullable: true,
    description: 'The conversation it opened (Intercom API 2.x).',
  })
  conversationId!: string | null;
}
