import type { ConversationEvent, EmulatorContext } from './context';
import { adminNotFound, badParameter, EmulatorHttpError } from './errors';
import type { AssigneeRecord, ConversationRecord } from './records';
import type { EmulatorStore } from './store';

/**
 * What an admin may do to a conversation besides writing in it: close, open, snooze, assign.
 * 2.x asks at `POST /conversations/{id}/parts`, 1.x at the reply endpoint with the same
 * `message_type`s. Each writes a part (its body optional), changes the state, and is told to
 * webhooks under its own topic.
 */

export type ActionType = 'close' | 'open' | 'snoozed' | 'assignment';
export const ACTION_TYPES: ReadonlySet<string> = new Set([
  'close',
  'open',
  'snoozed',
  'assignment',
]);

const MAX_BODY_LENGTH = 65_536;

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** An id Intercom accepts as a number or a string of digits. */
function idOf(value: unknown, field: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && value.length <= 20 && /^\d+$/.test(value)) return value;
  if (value === undefined || value === null || value === '') {
    throw badParameter(`${field} is required`);
  }
  throw badParameter(`${field} must be an id`);
}

function optionalBody(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > MAX_BODY_LENGTH) {
    throw badParameter('body must be a string');
  }
  return value.trim() === '' ? null : value;
}

function snoozedUntilOf(value: unknown, now: number): number {
  if (value === undefined || value === null) throw badParameter('snoozed_until is required');
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw badParameter('snoozed_until must be a UNIX timestamp');
  }
  if (value <= now) throw badParameter('snoozed_until must be in the future');
  return value;
}

/**
 * The assignee: 2.x names its type (`admin` or `team`); 1.x does not, and the id is looked up
 * among admins, then teams. `0` unassigns.
 */
function assigneeOf(
  context: EmulatorContext,
  action: Record<string, unknown>,
  major: 1 | 2,
): AssigneeRecord {
  const id = idOf(action.assignee_id, 'assignee_id');
  const { store } = context;
  if (major === 2) {
    if (action.type !== 'admin' && action.type !== 'team') {
      throw badParameter('type must be one of admin or team');
    }
    if (id === '0') return { type: action.type, id };
    if (action.type === 'admin' && !store.admins.has(id)) throw adminNotFound();
    if (action.type === 'team' && !store.teams.has(id)) throw teamNotFound();
    return { type: action.type, id };
  }
  if (id === '0' || store.admins.has(id)) return { type: 'admin', id };
  if (store.teams.has(id)) return { type: 'team', id };
  throw adminNotFound();
}

const teamNotFound = (): EmulatorHttpError =>
  new EmulatorHttpError(404, 'team_not_found', 'Team not found');

/** Applies an admin's action to a conversation; the caller answers with the conversation. */
export function applyAction(
  context: EmulatorContext,
  conversation: ConversationRecord,
  action: Record<string, unknown>,
  major: 1 | 2,
): void {
  const messageType = action.message_type as ActionType;
  // 2.x's close and assignment name their `type` (admin); 1.x's reply endpoint always does.
  if ((major === 1 || messageType === 'close') && action.type !== 'admin') {
    throw badParameter('type must be admin');
  }
  const adminId = idOf(action.admin_id, 'admin_id');
  if (!context.store.admins.has(adminId)) throw adminNotFound();
  const body = optionalBody(action.body);
  const now = nowSeconds();
  const author = { type: 'admin', id: adminId } as const;
  let topic: ConversationEvent['topic'];
  let assignedTo: AssigneeRecord | null = null;
  let partType: ConversationRecord['parts'][number]['partType'] = messageType;

  if (messageType === 'close') {
    conversation.state = 'closed';
    conversation.snoozedUntil = null;
    topic = 'conversation.admin.closed';
  } else if (messageType === 'open') {
    topic =
      conversation.state === 'snoozed'
        ? 'conversation.admin.unsnoozed'
        : 'conversation.admin.opened';
    conversation.state = 'open';
    conversation.snoozedUntil = null;
  } else if (messageType === 'snoozed') {
    conversation.snoozedUntil = snoozedUntilOf(action.snoozed_until, now);
    conversation.state = 'snoozed';
    topic = 'conversation.admin.snoozed';
  } else {
    assignedTo = assigneeOf(context, action, major);
    const unassigned = assignedTo.id === '0' ? null : assignedTo.id;
    if (assignedTo.type === 'admin') conversation.adminAssigneeId = unassigned;
    else conversation.teamAssigneeId = unassigned;
    if (conversation.state === 'closed') {
      conversation.state = 'open';
      partType = 'assign_and_reopen';
    }
    topic = 'conversation.admin.assigned';
  }
  context.store.addPart(conversation, body, author, now, { partType, assignedTo });
  context.onConversationEvent({ topic, conversationId: conversation.id });
}

/**
 * The admin a timed unsnooze is written by: whoever snoozed it last. Intercom credits the
 * reopening to no teammate, but every part here has an admin or a contact for its author (the
 * types the API describes), and the snoozer is the one the snooze was the work of.
 */
function snoozerOf(store: EmulatorStore, conversation: ConversationRecord): string {
  for (let index = conversation.parts.length - 1; index >= 0; index -= 1) {
    const part = conversation.parts[index]!;
    if (part.partType === 'snoozed' && part.author.type === 'admin') return part.author.id;
  }
  return store.admins.keys().next().value ?? '0';
}

/**
 * What Intercom does when a snooze runs out: the conversation opens again, with a part of its
 * own and the `conversation.admin.unsnoozed` webhook. The part's type, `timer_unsnooze`, is not
 * in the OpenAPI description (its `part_type` is a free string); it is the one Intercom's
 * conversation part reference names for "unsnooze a conversation after a set time".
 */
export function unsnoozeOnTime(
  store: EmulatorStore,
  emit: (event: ConversationEvent) => void,
  conversation: ConversationRecord,
): void {
  const author = { type: 'admin', id: snoozerOf(store, conversation) } as const;
  const { state, snoozedUntil } = conversation;
  // The state changes before its part is written (the part says it changed); should the part
  // fail (no id to give), the conversation is left as it was, to be tried again.
  conversation.state = 'open';
  conversation.snoozedUntil = null;
  try {
    store.addPart(conversation, null, author, nowSeconds(), { partType: 'timer_unsnooze' });
  } catch (error) {
    conversation.state = state;
    conversation.snoozedUntil = snoozedUntil;
    throw error;
  }
  emit({ topic: 'conversation.admin.unsnoozed', conversationId: conversation.id });
}
