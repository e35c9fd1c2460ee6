import { ACTION_TYPES, applyAction } from '../conversation-actions';
import { asRecord, ok, type RouteHandler } from '../context';
import { badParameter, notFound } from '../errors';
import { conversationJson } from '../serializers';

/**
 * 2.x `POST /conversations/{id}/parts` ("Manage a conversation"): close, open, snooze or assign,
 * answered with the conversation and its parts. 1.x has no such route (its reply endpoint does
 * the same).
 */
export const manageConversation: RouteHandler = (request, context) => {
  if (request.version.major === 1) throw notFound('Resource Not Found');
  const conversation = context.store.conversationById(request.params.id ?? '');
  if (!conversation) throw notFound('Resource Not Found');
  const action = asRecord(request.body);
  if (!action) throw badParameter('Request body must be a JSON object');
  if (typeof action.message_type !== 'string' || !ACTION_TYPES.has(action.message_type)) {
    throw badParameter('message_type must be one of close, open, snoozed or assignment');
  }
  applyAction(context, conversation, action, 2);
  return ok(conversationJson(context.store, conversation, request.version, true));
};
