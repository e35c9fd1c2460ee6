import { ArrayMaxSize, IsNotEmpty, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { MESSAGE_BODY_MAX_LENGTH } from '../messages/message.model';
import { RecipientType } from './enums';
import { ContactIdentifiers } from './contact.input';
import { IdempotentSendInput } from './idempotency-key';
import { AdminInput } from './send-admin-message.input';
import {
  ATTACHMENT_URL_MAX_LENGTH,
  AdminOnlyNote,
  IdentifiedByExactlyOne,
  IsAttachmentUrl,
  IsIntercomId,
  IsNotBlank,
  OneReplier,
  PlainTextFromContact,
} from './validators';

export enum ReplyType {
  COMMENT = 'COMMENT',
  NOTE = 'NOTE',
}

registerEnumType(ReplyType, {
  name: 'ReplyType',
  description: 'What a reply is.',
  valuesConfig: {
    COMMENT: { description: 'A reply the contact sees.' },
    NOTE: { description: 'An admin’s internal note: never shown to the contact.' },
  },
});

export const REPLY_ATTACHMENTS_MAX = 10;

@InputType({
  description: 'A user or lead writing in a conversation: exactly one of id, userId or email.',
})
export class ReplierInput extends ContactIdentifiers {
  @Field(() => RecipientType)
  @IdentifiedByExactlyOne()
  type!: RecipientType;
}

@InputType({
  description:
    'A reply in a conversation: from an admin (a comment or a note) or from a contact (a comment, plain text). Exactly one of admin and contact.',
})
export class ReplyToConversationInput extends IdempotentSendInput {
  @Field(() => ID)
  @IsNotEmpty({ message: 'conversationId must not be empty.' })
  @IsIntercomId('conversationId')
  @OneReplier()
  conversationId!: string;

  @Field(() => ReplyType, { defaultValue: ReplyType.COMMENT })
  @AdminOnlyNote()
  messageType!: ReplyType;

  @Field(() => String, {
    description: `HTML or plain text from an admin, plain text from a contact; not empty; at most ${MESSAGE_BODY_MAX_LENGTH} characters.`,
  })
  @IsNotBlank('The reply body')
  @MaxLength(MESSAGE_BODY_MAX_LENGTH, {
    message: `The reply body may be at most ${MESSAGE_BODY_MAX_LENGTH} characters.`,
  })
  @PlainTextFromContact()
  body!: string;

  @Field(() => AdminInput, { nullable: true, description: 'The admin who replies.' })
  @IsOptional()
  @ValidateNested()
  admin?: AdminInput | null;

  @Field(() => ReplierInput, { nullable: true, description: 'The contact who replies.' })
  @IsOptional()
  @ValidateNested()
  contact?: ReplierInput | null;

  @Field(() => [String], {
    nullable: true,
    description: `Up to ${REPLY_ATTACHMENTS_MAX} http(s) URLs of files to attach, each at most ${ATTACHMENT_URL_MAX_LENGTH} characters.`,
  })
  @IsOptional()
  @ArrayMaxSize(REPLY_ATTACHMENTS_MAX, {
    message: `A reply may carry at most ${REPLY_ATTACHMENTS_MAX} attachments.`,
  })
  @IsAttachmentUrl({ each: true })
  attachmentUrls?: string[] | null;
}
