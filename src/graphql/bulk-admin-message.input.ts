import { MaxLength, ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { MESSAGE_BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH } from '../messages/message.model';
import { RecipientInput } from './contact.input';
import { EmailTemplate, MessageType } from './enums';
import { IdempotentSendInput } from './idempotency-key';
import { AdminInput } from './send-admin-message.input';
import { EmailOnly, IsNotBlank } from './validators';

@InputType({
  description:
    'One admin message to many contacts: the fields of SendAdminMessageInput, with recipients instead of to.',
})
export class BulkAdminMessageInput extends IdempotentSendInput {
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

  @Field(() => [RecipientInput], {
    description:
      'Who gets the message, each by exactly one of id, userId or email; duplicates are sent once. At most BULK_MAX_RECIPIENTS (10,000 by default).',
  })
  @ValidateNested({ each: true })
  recipients!: RecipientInput[];

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Open each conversation in the inbox at once, without waiting for a reply. Intercom API 2.x only.',
  })
  createConversationWithoutContactReply?: boolean | null;
}
