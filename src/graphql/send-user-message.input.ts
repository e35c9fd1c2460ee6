import { MaxLength, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { MESSAGE_BODY_MAX_LENGTH } from '../messages/message.model';
import { SenderInput } from './contact.input';
import { IsNotBlank, IsPlainText } from './validators';
import { IdempotentSendInput } from './idempotency-key';

@InputType({ description: 'A message from a user, lead or visitor: always in-app, plain text.' })
export class SendUserMessageInput extends IdempotentSendInput {
  @Field(() => SenderInput)
  @ValidateNested()
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
