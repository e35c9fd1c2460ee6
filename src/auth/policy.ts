import type { Conversation } from '../conversations/conversation.model';
import { ConversationNotFoundError } from '../domain-errors';
import type { LedgerReader } from '../ledger/ledger.model';
import type { ContactReference } from '../messages/message.model';
import { ForbiddenError } from './errors';
import type { Person, Principal } from './principal';
import type { Scope } from './scopes';

/** Who may do what: checked by the resolvers before any call to Intercom. */

function requireScope(principal: Principal, scope: Scope, what: string): void {
  if (!principal.scopes.has(scope)) {
    throw new ForbiddenError(
      `Your credentials do not allow ${what}: they need the ${scope} scope.`,
    );
  }
}

/** Whether a contact reference names the token's person, by any identifier they share. */
function namesPerson(contact: ContactReference, person: Person): boolean {
  if (contact.userId && contact.userId === person.userId) return true;
  if (contact.id && contact.id === person.contactId) return true;
  return Boolean(
    contact.email && person.email && contact.email.toLowerCase() === person.email.toLowerCase(),
  );
}

export function assertMaySendAdminMessage(principal: Principal, fromAdminId: string): void {
  requireScope(principal, 'messages:admin', 'sending admin messages');
  if (principal.kind !== 'jwt' || principal.scopes.has('messages:admin:any')) return;
  if (!principal.adminIds.has(fromAdminId)) {
    throw new ForbiddenError(`Your token does not allow sending as admin ${fromAdminId}.`);
  }
}

/** A bulk send: `messages:bulk`, and with a JWT only as its own admins (or `messages:admin:any`). */
export function assertMaySendBulk(principal: Principal, fromAdminId: string): void {
  requireScope(principal, 'messages:bulk', 'sending bulk messages');
  if (principal.kind !== 'jwt' || principal.scopes.has('messages:admin:any')) return;
  if (!principal.adminIds.has(fromAdminId)) {
    throw new ForbiddenError(`Your token does not allow sending as admin ${fromAdminId}.`);
  }
}

/** Pausing, resuming or cancelling batches (the creator's own, checked by the caller). */
export function assertMayControlBatches(principal: Principal): void {
  requireScope(principal, 'messages:bulk', 'controlling bulk sends');
}

/** Reading batches: their creator (`messages:bulk`), or anyone with `messages:read:any`. */
export function batchViewerFor(principal: Principal): { clientId: string; all: boolean } {
  if (principal.scopes.has('messages:read:any')) return { clientId: principal.id, all: true };
  requireScope(principal, 'messages:bulk', 'reading bulk sends');
  return { clientId: principal.id, all: false };
}

export function assertMaySendUserMessage(principal: Principal, from: ContactReference): void {
  requireScope(principal, 'messages:user', 'sending user messages');
  if (principal.kind !== 'jwt') return;
  if (!principal.person || !namesPerson(from, principal.person)) {
    throw new ForbiddenError('Your token only allows sending messages as yourself.');
  }
}

export function assertMayReadConversations(principal: Principal, contact: ContactReference): void {
  requireScope(principal, 'conversations:read', 'reading conversations');
  if (principal.kind !== 'jwt' || principal.scopes.has('conversations:read:any')) return;
  if (!principal.person || !namesPerson(contact, principal.person)) {
    throw new ForbiddenError('Your token only allows reading your own conversations.');
  }
}

/** The scope any conversation read needs, checked before Intercom is asked. */
export function assertMayReadSomeConversations(principal: Principal): void {
  requireScope(principal, 'conversations:read', 'reading conversations');
}

/**
 * Following a conversation's changes: the person must take part in it (JWT), or any with :any.
 * Checked on each event of a stream the caller already follows. A look at a conversation named
 * by its id first asks whether it is hidden from the caller (`hidesConversation`).
 */
export function assertMayFollowConversation(
  principal: Principal,
  conversation: Conversation,
): void {
  requireScope(principal, 'conversations:read', 'reading conversations');
  if (conversationReadRight(principal) === 'any') return;
  if (!personTakesPart(principal.person, conversation))
    throw new ForbiddenError('Your token only allows following your own conversations.');
}

/**
 * A person's token: a JWT that names no admin, may act as none, and may read no conversation
 * but its person's own. Tokens that may act as an admin (and write in any conversation) or read
 * any conversation are told when they may not do something; a person's token is never told that
 * a conversation it takes no part in exists.
 */
function isPersonToken(principal: Principal): boolean {
  // Acting as an admin takes the scope as well as an admin to act as (named, or any).
  const mayActAsAdmin =
    principal.scopes.has('messages:admin') &&
    (principal.adminIds.size > 0 || principal.scopes.has('messages:admin:any'));
  return (
    principal.kind === 'jwt' && !mayActAsAdmin && !principal.scopes.has('conversations:read:any')
  );
}

/**
 * Whether the conversation is hidden from the principal: a person's token, and a conversation its
 * person takes no part in. Such a caller is answered exactly as for an id Intercom does not know
 * (null, or `ConversationNotFoundError`), so that its answers tell no conversation's existence.
 */
export function hidesConversation(principal: Principal, conversation: Conversation): boolean {
  return isPersonToken(principal) && !personTakesPart(principal.person, conversation);
}

/**
 * Looking at one conversation named by its id (the first look of `conversationUpdated`): the
 * scope, then who takes part. A conversation hidden from a person's token is not found, as one
 * Intercom does not have; another caller who may read only its own is refused (FORBIDDEN).
 */
export function assertMayOpenConversation(principal: Principal, conversation: Conversation): void {
  requireScope(principal, 'conversations:read', 'reading conversations');
  if (hidesConversation(principal, conversation)) throw new ConversationNotFoundError();
  assertMayFollowConversation(principal, conversation);
}

/**
 * Which conversations the principal may read: any, none, or only those its person takes part
 * in (a JWT without `conversations:read:any`: known once Intercom names the participants).
 */
export function conversationReadRight(principal: Principal): 'any' | 'own' | 'none' {
  if (!principal.scopes.has('conversations:read')) return 'none';
  if (principal.kind !== 'jwt' || principal.scopes.has('conversations:read:any')) return 'any';
  return 'own';
}

/** Whether the principal may read this conversation (as `conversation(id)` would answer it). */
export function mayReadConversation(principal: Principal, conversation: Conversation): boolean {
  const right = conversationReadRight(principal);
  return right === 'any' || (right === 'own' && personTakesPart(principal.person, conversation));
}

/** Whether the token's person is among the conversation's contacts. */
function personTakesPart(person: Person | null, conversation: Conversation): boolean {
  return conversation.contacts.some(
    (contact) =>
      Boolean(person?.contactId && contact.id === person.contactId) ||
      Boolean(person?.userId && contact.externalId === person.userId),
  );
}

/**
 * Whether the principal sees a conversation's internal parts (admins' notes, assignments):
 * trusted servers (API keys, no auth), admins' tokens and tokens that read any conversation.
 * A person's token sees what the contact sees in the Messenger.
 */
export function mayReadInternalParts(principal: Principal): boolean {
  return (
    principal.kind !== 'jwt' ||
    principal.adminIds.size > 0 ||
    principal.scopes.has('conversations:read:any')
  );
}

export function assertMayReplyAsAdmin(principal: Principal, adminId: string): void {
  requireScope(principal, 'messages:admin', 'replying as an admin');
  if (principal.kind !== 'jwt' || principal.scopes.has('messages:admin:any')) return;
  if (!principal.adminIds.has(adminId)) {
    throw new ForbiddenError(`Your token does not allow replying as admin ${adminId}.`);
  }
}

/**
 * Closing, opening, snoozing and assigning a conversation (`verb`: close, open, snooze, assign):
 * an admin's work, allowed as replying as that admin is. A person's token (it names no admin and
 * may not act as any) is told the action is an admin's, rather than which scope it lacks: it
 * could never be given one that lets it act.
 */
export function assertMayActOnConversation(
  principal: Principal,
  adminId: string,
  verb: string,
): void {
  if (
    principal.kind === 'jwt' &&
    principal.adminIds.size === 0 &&
    !principal.scopes.has('messages:admin:any')
  ) {
    throw new ForbiddenError(`Only an admin can ${verb} a conversation.`);
  }
  requireScope(principal, 'messages:admin', 'acting on conversations as an admin');
  if (principal.kind !== 'jwt' || principal.scopes.has('messages:admin:any')) return;
  if (!principal.adminIds.has(adminId)) {
    throw new ForbiddenError(
      `Your token does not allow acting on conversations as admin ${adminId}.`,
    );
  }
}

export function assertMayReplyAsContact(principal: Principal, contact: ContactReference): void {
  requireScope(principal, 'messages:user', 'replying as a contact');
  if (principal.kind !== 'jwt') return;
  if (!principal.person || !namesPerson(contact, principal.person)) {
    throw new ForbiddenError('Your token only allows replying as yourself.');
  }
}

/**
 * A JWT may reply as its person only in a conversation the person takes part in. A person's
 * token is answered for another's conversation as for one Intercom does not have (nothing is
 * sent either way); any other JWT (an admin's, or one that reads any conversation) is refused
 * (FORBIDDEN).
 */
export function assertTakesPart(principal: Principal, conversation: Conversation): void {
  if (principal.kind !== 'jwt') return;
  if (hidesConversation(principal, conversation)) throw new ConversationNotFoundError();
  if (!personTakesPart(principal.person, conversation)) {
    throw new ForbiddenError('Your token only allows replying in your own conversations.');
  }
}

/** Who a principal is when it reads the ledger: everything, or its admins' and person's own. */
export function ledgerReaderFor(principal: Principal): LedgerReader {
  requireScope(principal, 'messages:read', 'reading the messages the gateway sent');
  if (principal.kind !== 'jwt' || principal.scopes.has('messages:read:any')) return { all: true };
  return { all: false, adminIds: [...principal.adminIds], person: principal.person };
}
