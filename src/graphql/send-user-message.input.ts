import { IsEmail, IsNotEmpty, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { MESSAGE_BODY_MAX_LENGTH } from '../messages/message.model';
import { SenderType } from './enums';
import { HasExactlyOneIdentifier, IsNotBlank, IsPlainText } from './validators';

@InputType({ description: 'A user, lead or visitor: exactly one of id, userId or email.' })
export class SenderInput {
  @Field(() => SenderType)
  type!: SenderType;

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

@InputType({ description: 'A message from a user, lead or visitor: always in-app, plain text.' })
export class SendUserMessageInput {
  @Field(() => SenderInput)
  @ValidateNested()
  @HasExactlyOneIdentifier()
  from!: SenderInput;

  @Field(() => String, {
    description: `Plain text (no HTML); not empty; at most ${MESSAGE_BODY_MAX_LENGTH} characters.`,
  })
  @IsNotBlank('The message body')
  @IsPlainText('A user message')
  @MaxLength(MESSAGE_BODY_MAX_LENGTH, {
    message: `The message body may be at most ${MESSAGE_BODY_MAX_LENGTH} characters.`,
  })
  body!: string;
}
