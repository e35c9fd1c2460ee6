import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from './conversation-part.type';
import { RecipientType } from './enums';
import { MessageState } from './sent-message.type';

export enum MessageBatchState {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  PAUSED = 'PAUSED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(MessageBatchState, {
  name: 'MessageBatchState',
  description: 'Where a bulk send stands.',
  valuesConfig: {
    QUEUED: { description: 'Written; no send has started yet.' },
    RUNNING: { description: 'Sending, on any replica.' },
    PAUSED: { description: 'Stopped by its client after the sends under way; resumable.' },
    COMPLETED: { description: 'Every recipient is SENT, FAILED or UNKNOWN.' },
    CANCELLED: { description: 'Stopped for good; recipients left are PENDING and never sent.' },
  },
});

@ObjectType({ description: "A batch's recipients by where their send stands." })
export class MessageBatchCounts {
  @Field(() => Int)
  total!: number;

  @Field(() => Int, { description: 'Intercom took the message.' })
  sent!: number;

  @Field(() => Int, { description: 'Intercom refused it, or it never left (see errorCode).' })
  failed!: number;

  @Field(() => Int, { description: 'It may have reached Intercom: never sent again; check there.' })
  unknown!: number;

  @Field(() => Int, { description: 'Not sent yet (or never, in a cancelled batch).' })
  pending!: number;
}

@ObjectType({ description: 'A bulk recipient as the batch named it.' })
export class BatchRecipientContact {
  @Field(() => RecipientType)
  type!: RecipientType;

  @Field(() => ID, { nullable: true })
  id!: string | null;

  @Field(() => String, { nullable: true })
  userId!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;
}

@ObjectType({ description: "One recipient of a batch and its send's outcome." })
export class BatchMessage {
  @Field(() => Int, { description: 'Its place in the batch, from 0, duplicates removed.' })
  position!: number;

  @Field(() => BatchRecipientContact)
  to!: BatchRecipientContact;

  @Field(() => MessageState)
  state!: MessageState;

  @Field(() => ID, { nullable: true, description: "Intercom's message id, once SENT." })
  intercomMessageId!: string | null;

  @Field(() => ID, { nullable: true })
  conversationId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'FAILED or UNKNOWN: the code sendAdminMessage would have answered (RECIPIENT_UNSUBSCRIBED, NOT_FOUND, UPSTREAM_TIMEOUT, ...; ABANDONED when the process sending it went away).',
  })
  errorCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Intercom's own error code, when it gave one.",
  })
  intercomErrorCode!: string | null;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;
}

@ObjectType()
export class BatchMessageEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => BatchMessage)
  node!: BatchMessage;
}

@ObjectType({ description: "A page of a batch's recipients, in their order." })
export class BatchMessageConnection {
  @Field(() => [BatchMessageEdge])
  edges!: BatchMessageEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({
  description: 'A bulk send: one admin message to many contacts, sent in the background.',
})
export class MessageBatch {
  @Field(() => ID)
  id!: string;

  @Field(() => MessageBatchState)
  state!: MessageBatchState;

  @Field(() => MessageBatchCounts)
  counts!: MessageBatchCounts;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true })
  startedAt!: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  finishedAt!: Date | null;
}

@ObjectType()
export class MessageBatchEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => MessageBatch)
  node!: MessageBatch;
}

@ObjectType({ description: 'A page of bulk sends, newest first.' })
export class MessageBatchConnection {
  @Field(() => [MessageBatchEdge])
  edges!: MessageBatchEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
