import { Field, ID, ObjectType, type MiddlewareFn } from 'type-graphql';
import { mayReadInternalParts } from '../auth/policy';
import type { GatewayContext } from './context';

@ObjectType({
  description: 'Who a conversation is assigned to: an admin, a team, or both.',
})
export class ConversationAssignee {
  @Field(() => ID, { nullable: true, description: 'The admin’s Intercom id; null: no admin.' })
  adminId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The team’s Intercom id; null: no team.' })
  teamId!: string | null;
}

/**
 * Fields about how the workspace handles a conversation (its assignee, its snooze) are for
 * staff: a person's token sees null, as the Messenger shows the contact none of it.
 */
export const forStaffOnly: MiddlewareFn<GatewayContext> = async ({ context }, next) =>
  mayReadInternalParts(context.principal) ? next() : null;
