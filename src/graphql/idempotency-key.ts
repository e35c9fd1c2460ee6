import { IsOptional, Matches } from 'class-validator';
import { Field, InputType } from 'type-graphql';

/** The documented shape of an idempotency key. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,255}$/;
export const IDEMPOTENCY_KEY_MESSAGE =
  'idempotencyKey must be 1-255 characters of letters, digits, _ - . or :';

/** The field every send input has: the key that makes a retried send safe. */
@InputType()
export abstract class IdempotentSendInput {
  @Field(() => String, {
    nullable: true,
    description:
      'Makes retries safe: the same key with the same input within IDEMPOTENCY_TTL_SECONDS (default 24 hours) returns the first result without sending again. 1-255 characters: letters, digits, _ - . :',
  })
  @IsOptional()
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: IDEMPOTENCY_KEY_MESSAGE })
  idempotencyKey?: string | null;
}
