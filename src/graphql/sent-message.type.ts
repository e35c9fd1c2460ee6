import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { PageInfo } from './conversation-part.type';
import { IsIntercomId } from './validators';

export enum MessageState {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  UNKNOWN = 'UNKNOWN',
}

export enum SentMessageKind {
  ADMIN_MESSAGE = 'ADMIN_MESSAGE',
  USER_MESSAGE = 'USER_MESSAGE',
  REPLY = 'REPLY',
  /** An admin closed, opened, snoozed or assigned a conversation. */
  CONVERSATION_ACTION = 'CONVERSATION_ACTION',
}

registerEnumType(MessageState, {
  name: 'MessageState',
  description: 'Where a send stands in the ledger.',
  valuesConfig: {
    PENDING: { description: 'Intercom is being asked.' },
    SENT: { description: 'Intercom took it.' },
    FAILED: { description: 'Intercom refused it, or it never left the gateway.' },
    UNKNOWN: {
      description: 'It may have reached Intercom (a timeout, a gateway that died): check there.',
    },
  },
});
registerEnumType(SentMessageKind, { name: 'SentMessageKind' });

export enum MessagePartyType {
  ADMIN = 'ADMIN',
  USER = 'USER',
  LEAD = 'LEAD',
  VISITOR = 'VISITOR',
  /** An assignment's assignee. */
  TEAM = 'TEAM',
}

registerEnumType(MessagePartyType, {
  name: 'MessagePartyType',
  description: 'Who a party of a recorded send is.',
});

@ObjectType({ description: 'An admin or a contact as the request named them.' })
export class MessageParty {
  // Kept as it was (clients compare it): `partyType` is the same in the schema's one case.
  @Field(() => String, {
    description: 'admin, team, USER, LEAD or VISITOR.',
    deprecationReason: 'Mixes cases (admin, USER): use partyType (ADMIN, USER, LEAD, VISITOR).',
  })
  type!: string;

  @Field(() => ID, { nullable: true })
  id!: string | null;

  @Field(() => String, { nullable: true })
  userId!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;
}

@ObjectType({ description: 'A send or reply as the gateway recorded it (the ledger).' })
export class SentMessage {
  @Field(() => ID, { description: "The gateway's own id for the entry." })
  id!: string;

  @Field(() => ID, { nullable: true, description: "Intercom's message (or part) id, once sent." })
  intercomMessageId!: string | null;

  @Field(() => SentMessageKind)
  kind!: SentMessageKind;

  @Field(() => MessageState)
  state!: MessageState;

  @Field(() => String, { description: 'EMAIL, IN_APP, COMMENT or NOTE.' })
  messageType!: string;

  @Field(() => String, { nullable: true })
  subject!: string | null;

  @Field(() => String, { nullable: true, description: 'null when LEDGER_STORE_BODIES=false.' })
  body!: string | null;

  @Field(() => MessageParty)
  from!: MessageParty;

  @Field(() => MessageParty, {
    nullable: true,
    description:
      'Who it went to: the contact of a message, the admin or team of an assignment (its id null when it unassigned that side); null for replies and other actions.',
  })
  to!: MessageParty | null;

  @Field(() => ID, { nullable: true, description: "The contact's Intercom id, once known." })
  resolvedContactId!: string | null;

  @Field(() => ID, { nullable: true })
  conversationId!: string | null;

  @Field(() => String, { nullable: true })
  idempotencyKey!: string | null;

  @Field(() => String, { nullable: true })
  intercomRequestId!: string | null;

  @Field(() => String, { nullable: true, description: "Intercom's error code, or why it failed." })
  errorCode!: string | null;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;
}

@ObjectType()
export class SentMessageEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => SentMessage)
  node!: SentMessage;
}

@ObjectType({ description: 'A page of the ledger, newest first.' })
export class SentMessageConnection {
  @Field(() => [SentMessageEdge])
  edges!: SentMessageEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@InputType({ description: 'Narrows the ledger: every field given must match.' })
export class SentMessageFilter {
  @Field(() => ID, { nullable: true, description: 'Sent to or by this Intercom contact.' })
  @IsOptional()
  @IsIntercomId('filter.contactId')
  contactId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Sent by this admin.' })
  @IsOptional()
  @IsIntercomId('filter.adminId')
  adminId?: string | null;

  @Field(() => MessageState, { nullable: true })
  state?: MessageState | null;

  @Field(() => SentMessageKind, { nullable: true })
  kind?: SentMessageKind | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  createdAfter?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  createdBefore?: Date | null;
}
