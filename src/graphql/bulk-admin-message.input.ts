import { ValidateNested } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { RecipientInput } from './contact.input';
import { AdminMessageContentInput } from './send-admin-message.input';

@InputType({
  description:
    'One admin message to many contacts: the fields of SendAdminMessageInput, with recipients instead of to.',
})
export class BulkAdminMessageInput extends AdminMessageContentInput {
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
