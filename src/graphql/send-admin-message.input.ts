import { MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { MESSAGE_BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH } from '../messages/message.model';
import { RecipientInput } from './contact.input';
import { EmailTemplate, MessageType } from './enums';
import { EmailOnly, IsAdminId, IsNotBlank } from './validators';
import { IdempotentSendInput } from './idempotency-key';

@InputType({ description: 'The admin who sends the message.' })
export class AdminInput {
  @Field(() => ID, { description: "The admin's Intercom id (see Intercom's List admins)." })
  @IsAdminId()
  id!: string;
}

/**
 * What every admin message says, whoever it goes to: one admin send (`to`) and a bulk send
 * (`recipients`) share these fields and their rules.
 */
@InputType()
export abstract class AdminMessageContentInput extends IdempotentSendInput {
  @Field(() => MessageType)
  messageType!: MessageType;

  @Field(() => String, {
    nullable: true,
    description: `Required for EMAIL, refused for IN_APP. At most ${SUBJECT_MAX_LENGTH} characters.`,
  })
  @EmailOnly('subject', SUBJECT_MAX_LENGTH)
  subject?: string | null;

  @Field(() => String, {
    description: `HTML or plain text; not empty; at most ${MESSAGE_BODY_MAX_LENGTH} characters.`,
  })
  @IsNotBlank('The message body')
  @MaxLength(MESSAGE_BODY_MAX_LENGTH, {
    message: `The message body may be at most ${MESSAGE_BODY_MAX_LENGTH} characters.`,
  })
  body!: string;

  @Field(() => EmailTemplate, {
    nullable: true,
    description: 'Required for EMAIL, refused for IN_APP.',
  })
  @EmailOnly('template')
  template?: EmailTemplate | null;

  @Field(() => AdminInput)
  @ValidateNested()
  from!: AdminInput;
}

@InputType({ description: 'An admin-initiated message, in-app or by email.' })
export class SendAdminMessageInput extends AdminMessageContentInput {
  @Field(() => RecipientInput)
  @ValidateNested()
  to!: RecipientInput;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Open the conversation in the inbox at once, without waiting for a reply. Intercom API 2.x only.',
  })
  createConversationWithoutContactReply?: boolean | null;
}
