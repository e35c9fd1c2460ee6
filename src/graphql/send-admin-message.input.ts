import {
  IsEmail,
  IsNotEmpty,
  IsOptional,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { MESSAGE_BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH } from '../messages/message.model';
import { EmailTemplate, MessageType, RecipientType } from './enums';
import { EmailOnly, HasExactlyOneIdentifier, IsNotBlank } from './validators';

@InputType({ description: 'The admin who sends the message.' })
export class AdminInput {
  @Field(() => ID, { description: "The admin's Intercom id (see Intercom's List admins)." })
  @Matches(/^\d+$/, { message: 'An admin id is a number, as Intercom gives it.' })
  id!: string;
}

@InputType({ description: 'Who an admin message goes to: exactly one of id, userId or email.' })
export class RecipientInput {
  @Field(() => RecipientType)
  type!: RecipientType;

  @Field(() => ID, { nullable: true, description: "The contact's Intercom id." })
  @IsOptional()
  @IsNotEmpty({ message: 'id must not be empty.' })
  id?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Your own id for the contact (Intercom external_id / user_id).',
  })
  @IsOptional()
  @IsNotEmpty({ message: 'userId must not be empty.' })
  userId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address.' })
  email?: string | null;
}

@InputType({ description: 'An admin-initiated message, in-app or by email.' })
export class SendAdminMessageInput {
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

  @Field(() => RecipientInput)
  @ValidateNested()
  @HasExactlyOneIdentifier()
  to!: RecipientInput;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Open the conversation in the inbox at once, without waiting for a reply. Intercom API 2.x only.',
  })
  createConversationWithoutContactReply?: boolean | null;
}
