import { IsOptional, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { MESSAGE_BODY_MAX_LENGTH } from '../messages/message.model';
import { SenderInput } from './contact.input';
import { IsNotBlank, IsPlainText } from './validators';
import {
  IDEMPOTENCY_KEY_MESSAGE,
  IDEMPOTENCY_KEY_PATTERN,
  IDEMPOTENCY_KEY_TTL_HINT,
} from './idempotency-key';

@InputType({ description: 'A message from a user, lead or visitor: always in-app, plain text.' })
export class SendUserMessageInput {
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

  @Field(() => String, {
    nullable: true,
    description: `Makes retries safe: the same key with the same input within ${IDEMPOTENCY_KEY_TTL_HINT} returns the first result without sending again. 1-255 characters: letters, digits, _ - . :`,
  })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: IDEMPOTENCY_KEY_MESSAGE })
  idempotencyKey?: string | null;
}
