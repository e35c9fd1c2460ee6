import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConversationAuthor } from './conversation.type';

@ObjectType({ description: 'A file attached to a conversation part.' })
export class ConversationAttachment {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  url!: string;
}

@ObjectType({ description: 'A reply, note or event in a conversation, after its first message.' })
export class ConversationPart {
  @Field(() => ID)
  id!: string;

  @Field(() => String, {
    description:
      'comment (a reply), note (an admin’s internal note), assignment, open, close, ... as Intercom says.',
  })
  partType!: string;

  @Field(() => String, {
    nullable: true,
    description: 'HTML from admins, plain text from contacts.',
  })
  body!: string | null;

  @Field(() => ConversationAuthor, { nullable: true })
  author!: ConversationAuthor | null;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => [ConversationAttachment])
  attachments!: ConversationAttachment[];
}

@ObjectType()
export class ConversationPartEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => ConversationPart)
  node!: ConversationPart;
}

@ObjectType({ description: 'Where a page of a connection lies (Relay).' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType({ description: 'A page of a conversation’s parts, oldest first.' })
export class ConversationPartConnection {
  @Field(() => [ConversationPartEdge])
  edges!: ConversationPartEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Parts the caller may see in the whole conversation.' })
  totalCount!: number;
}
