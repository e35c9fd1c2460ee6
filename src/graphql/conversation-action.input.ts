import {
  IsDate,
  IsNotEmpty,
  IsOptional,
  MaxLength,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { MESSAGE_BODY_MAX_LENGTH } from '../messages/message.model';
import { IdempotentSendInput } from './idempotency-key';
import { AdminInput } from './send-admin-message.input';
import { IsAdminId, IsIntercomId, IsNotBlank } from './validators';

export enum AssigneeType {
  ADMIN = 'ADMIN',
  TEAM = 'TEAM',
}

registerEnumType(AssigneeType, {
  name: 'AssigneeType',
  description: 'Who a conversation is assigned to: an admin (teammate) or a team.',
});

/** The fields every action has: the conversation, the admin who acts, the idempotency key. */
@InputType()
abstract class ConversationActionInput extends IdempotentSendInput {
  @Field(() => ID)
  @IsNotEmpty({ message: 'conversationId must not be empty.' })
  @IsIntercomId('conversationId')
  conversationId!: string;

  @Field(() => AdminInput, { description: 'The admin who acts.' })
  @ValidateNested()
  admin!: AdminInput;
}

const BODY_DESCRIPTION = `A message left in the conversation as it happens (HTML or plain text); not empty when given; at most ${MESSAGE_BODY_MAX_LENGTH} characters.`;

@InputType({ description: 'Closing a conversation, optionally with a message.' })
export class CloseConversationInput extends ConversationActionInput {
  @Field(() => String, { nullable: true, description: BODY_DESCRIPTION })
  @IsOptional()
  @IsNotBlank('The body')
  @MaxLength(MESSAGE_BODY_MAX_LENGTH, {
    message: `The body may be at most ${MESSAGE_BODY_MAX_LENGTH} characters.`,
  })
  body?: string | null;
}

@InputType({ description: 'Opening a closed or snoozed conversation.' })
export class OpenConversationInput extends ConversationActionInput {}

/**
 * A time still to come when the request is validated: Intercom reopens the conversation then.
 * (class-validator's MinDate takes a fixed date: "now" is read per request here.)
 */
const IsInTheFuture = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isInTheFuture',
    target: target.constructor,
    propertyName,
    validator: {
      validate: (value: unknown) => value instanceof Date && value.getTime() > Date.now(),
      defaultMessage: () => 'until must be in the future.',
    },
  });

@InputType({ description: 'Snoozing a conversation until a time, when it opens again.' })
export class SnoozeConversationInput extends ConversationActionInput {
  @Field(() => DateTimeISOResolver, {
    description: 'When it opens again; in the future (Intercom keeps whole seconds).',
  })
  @IsDate({ message: 'until must be a date and time.' })
  @IsInTheFuture()
  until!: Date;
}

@InputType({ description: 'An admin or a team to assign a conversation to.' })
export class AssigneeInput {
  @Field(() => AssigneeType)
  type!: AssigneeType;

  @Field(() => ID, {
    description:
      'The admin’s or team’s Intercom id; "0" unassigns that side (a conversation may have both an admin and a team).',
  })
  @IsAdminId()
  id!: string;
}

@InputType({
  description: 'Assigning a conversation to an admin or a team, optionally with a note.',
})
export class AssignConversationInput extends ConversationActionInput {
  @Field(() => AssigneeInput)
  @ValidateNested()
  assignee!: AssigneeInput;

  @Field(() => String, { nullable: true, description: BODY_DESCRIPTION })
  @IsOptional()
  @IsNotBlank('The body')
  @MaxLength(MESSAGE_BODY_MAX_LENGTH, {
    message: `The body may be at most ${MESSAGE_BODY_MAX_LENGTH} characters.`,
  })
  body?: string | null;
}
