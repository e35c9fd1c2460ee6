import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Info, Mutation, Resolver } from 'type-graphql';
import {
  assertMayActOnConversation,
  conversationReadRight,
  mayReadConversation,
} from '../auth/policy';
import type { ActionRequest, ConversationAction } from '../conversations/conversation-actions';
import type { Conversation as ConversationModel } from '../conversations/conversation.model';
import { ConversationNotFoundError } from '../domain-errors';
import type { GatewayContext } from './context';
import {
  AssignConversationInput,
  AssigneeType,
  CloseConversationInput,
  OpenConversationInput,
  SnoozeConversationInput,
} from './conversation-action.input';
import { assertAsksOnlyForReplyView, replyOnlyView } from './conversation-reply-view';
import { Conversation } from './conversation.type';
import { ValidatedArg } from './validate-input';

type ActionInput =
  | CloseConversationInput
  | OpenConversationInput
  | SnoozeConversationInput
  | AssignConversationInput;

const VIEW_NOTE =
  'A caller who may not read the conversation may ask only for its id and parts, which hold only the part the action wrote.';

/** The verb each action's refusal names. */
const ACTION_VERBS: Record<ConversationAction['kind'], string> = {
  CLOSE: 'close',
  OPEN: 'open',
  SNOOZE: 'snooze',
  ASSIGN: 'assign',
};

/**
 * Runs an action as replies run: who may act is checked before anything is sent, and the
 * answer shows no more than `conversation(id)` would to the caller.
 */
async function act(
  input: ActionInput,
  action: ConversationAction,
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<ConversationModel> {
  const { principal } = context;
  assertMayActOnConversation(principal, input.admin.id, ACTION_VERBS[action.kind]);
  const right = conversationReadRight(principal);
  let mayRead = right === 'any';
  if (right === 'own') {
    const known = await context.conversations.byId(input.conversationId);
    if (!known) throw new ConversationNotFoundError();
    mayRead = mayReadConversation(principal, known);
  }
  if (!mayRead) assertAsksOnlyForReplyView(info);
  const request: ActionRequest = {
    conversationId: input.conversationId,
    adminId: input.admin.id,
    action,
  };
  const acted = await context.actions.act(request, {
    clientId: principal.id,
    idempotencyKey: input.idempotencyKey,
  });
  return mayRead ? acted.conversation : replyOnlyView(acted);
}

@Resolver()
export class ConversationActionResolver {
  @Mutation(() => Conversation, {
    description: `Close a conversation as an admin, optionally leaving a message. ${VIEW_NOTE}`,
  })
  closeConversation(
    @ValidatedArg('input', () => CloseConversationInput) input: CloseConversationInput,
    @Ctx() context: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConversationModel> {
    return act(input, { kind: 'CLOSE', body: input.body ?? null }, context, info);
  }

  @Mutation(() => Conversation, {
    description: `Open a closed or snoozed conversation as an admin. ${VIEW_NOTE}`,
  })
  openConversation(
    @ValidatedArg('input', () => OpenConversationInput) input: OpenConversationInput,
    @Ctx() context: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConversationModel> {
    return act(input, { kind: 'OPEN' }, context, info);
  }

  @Mutation(() => Conversation, {
    description: `Snooze a conversation as an admin until a time, when it opens again. ${VIEW_NOTE}`,
  })
  snoozeConversation(
    @ValidatedArg('input', () => SnoozeConversationInput) input: SnoozeConversationInput,
    @Ctx() context: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConversationModel> {
    return act(input, { kind: 'SNOOZE', until: input.until }, context, info);
  }

  @Mutation(() => Conversation, {
    description: `Assign a conversation to an admin or a team as an admin, optionally with a message. ${VIEW_NOTE}`,
  })
  assignConversation(
    @ValidatedArg('input', () => AssignConversationInput) input: AssignConversationInput,
    @Ctx() context: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ConversationModel> {
    const { assignee } = input;
    return act(
      input,
      {
        kind: 'ASSIGN',
        assignee: {
          type: assignee.type === AssigneeType.TEAM ? 'team' : 'admin',
          id: assignee.id === '0' ? null : assignee.id,
        },
        body: input.body ?? null,
      },
      context,
      info,
    );
  }
}
