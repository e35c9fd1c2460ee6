import { IsNotEmpty, IsOptional, MaxLength } from 'class-validator';
import { USER_ID_MAX_LENGTH } from '../intercom/id-shapes';
import { Field, ID, InputType } from 'type-graphql';
import { RecipientType, SenderType } from './enums';
import { IdentifiedByExactlyOne, IsBoundedEmail, IsIntercomId } from './validators';

/** The three ways to name an Intercom contact; every contact input has exactly one of them. */
@InputType()
export abstract class ContactIdentifiers {
  @Field(() => ID, { nullable: true, description: "The contact's Intercom id." })
  @IsOptional()
  @IsNotEmpty({ message: 'id must not be empty.' })
  @IsIntercomId('id')
  id?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Your own id for the contact (Intercom external_id / user_id).',
  })
  @IsOptional()
  @IsNotEmpty({ message: 'userId must not be empty.' })
  @MaxLength(USER_ID_MAX_LENGTH, {
    message: `userId may be at most ${USER_ID_MAX_LENGTH} characters.`,
  })
  userId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsBoundedEmail('email')
  email?: string | null;
}

@InputType({ description: 'Who an admin message goes to: exactly one of id, userId or email.' })
export class RecipientInput extends ContactIdentifiers {
  @Field(() => RecipientType)
  @IdentifiedByExactlyOne()
  type!: RecipientType;
}

@InputType({ description: 'A user, lead or visitor: exactly one of id, userId or email.' })
export class SenderInput extends ContactIdentifiers {
  @Field(() => SenderType)
  @IdentifiedByExactlyOne()
  type!: SenderType;
}

@InputType({
  description: 'The contact whose conversations are searched: exactly one of id, userId or email.',
})
export class ContactInput extends ContactIdentifiers {
  @Field(() => SenderType)
  @IdentifiedByExactlyOne()
  type!: SenderType;
}
