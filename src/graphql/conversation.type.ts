import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType, UseMiddleware } from 'type-graphql';
import { ConversationState } from '../conversations/conversation.model';
import { ConversationAssignee, forStaffOnly } from './conversation-action.type';
import { emailForStaffOnly, partsCountAsSeen } from './conversation-visibility';

registerEnumType(ConversationState, { name: 'ConversationState' });

@ObjectType({ description: 'Who wrote the message that started a conversation.' })
export class ConversationAuthor {
  @Field(() => String, { description: 'admin, user, lead, bot, ...' })
  type!: string;

  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'null for a person’s token.' })
  @UseMiddleware(emailForStaffOnly)
  email!: string | null;
}

@ObjectType({ description: 'The message that started a conversation.' })
export class ConversationSource {
  @Field(() => ID, { description: 'The id of that message.' })
  id!: string;

  @Field(() => String, { description: 'conversation, email, ...' })
  type!: string;

  @Field(() => String, { nullable: true, description: 'admin_initiated, customer_initiated, ...' })
  deliveredAs!: string | null;

  @Field(() => String, { nullable: true })
  subject!: string | null;

  @Field(() => String, { nullable: true })
  body!: string | null;

  @Field(() => ConversationAuthor, { nullable: true })
  author!: ConversationAuthor | null;
}

@ObjectType({ description: 'A contact taking part in a conversation.' })
export class ConversationContact {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'contact, user or lead, as Intercom says.' })
  type!: string;

  @Field(() => String, { nullable: true, description: 'Your own id for the contact.' })
  externalId!: string | null;
}

@ObjectType({ description: 'An Intercom conversation.' })
export class Conversation {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;

  @Field(() => ConversationState)
  state!: ConversationState;

  @Field(() => DateTimeISOResolver, {
    nullable: true,
    description: 'While SNOOZED: when it opens again. null for a person’s token.',
  })
  @UseMiddleware(forStaffOnly)
  snoozedUntil!: Date | null;

  @Field(() => ConversationAssignee, {
    nullable: true,
    description: 'The admin and/or team it is assigned to; null: nobody, or a person’s token.',
  })
  @UseMiddleware(forStaffOnly)
  assignee!: ConversationAssignee | null;

  @Field(() => Boolean)
  open!: boolean;

  @Field(() => Boolean)
  read!: boolean;

  @Field(() => ConversationSource)
  source!: ConversationSource;

  @Field(() => [ConversationContact])
  contacts!: ConversationContact[];

  @Field(() => Int, {
    nullable: true,
    description:
      'Replies and notes after the first message; for a person’s token, the parts it sees (as parts.totalCount).',
  })
  @UseMiddleware(partsCountAsSeen)
  partsCount!: number | null;
}
