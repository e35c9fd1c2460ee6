import type { Principal } from '../auth/principal';
import type { Conversation } from '../conversations/conversation.model';
import type {
  ConversationLookupKey,
  ConversationService,
} from '../conversations/conversation.service';
import { isInternalChange } from '../conversations/conversation-parts';
import { toConversation } from '../conversations/conversation-wire';
import { ConversationNotFoundError, WaitExpiredError, WebhooksOffError } from '../domain-errors';
import type { ConversationEventBus } from './conversation-events';
import { CANCELLED, cancellable, type Cancelled } from './cancellable';
import { SharedPolls, type PollCharge, type PollMember } from './shared-polls';

/**
 * Throws when the principal may not see the conversation: ForbiddenError, or (a conversation
 * hidden from a person's token) the error of a conversation Intercom does not have.
 */
export type ConversationRule = (principal: Principal, conversation: Conversation) => void;

function allows(rule: ConversationRule, principal: Principal, conversation: Conversation): boolean {
  try {
    rule(principal, conversation);
    return true;
  } catch {
    return false;
  }
}

/**
 * How `started` learns of a reply without webhooks: it asks Intercom every `intervalMs`, for at
 * most `maxWaitMs`. None: webhooks feed the streams.
 */
export interface PollingOptions {
  readonly intervalMs: number;
  readonly maxWaitMs: number;
}

/**
 * What subscriptions stream: the conversation a message starts (once), and later changes to a
 * conversation. Each subscribes to the event bus before looking, so no event can fall between.
 * `conversations` should ask Intercom in the quota pacer's poll lane (`pollLane`): what
 * subscriptions ask never holds up a send.
 */
export class ConversationStreams {
  private readonly polls: SharedPolls | undefined;
  private pollCharge: PollCharge | undefined;

  constructor(
    private readonly events: ConversationEventBus,
    private readonly conversations: ConversationService,
    /** Set when no webhooks arrive: `started` polls, `updated` refuses. */
    private readonly polling?: PollingOptions,
  ) {
    this.polls =
      polling &&
      new SharedPolls(
        polling.intervalMs,
        (key) => this.conversations.createLookup().forMessage(key),
        (key) => this.lookFirst(key),
        () => this.pollCharge,
      );
  }

  /** Where each poll is charged: the subscriber's request budget (the guard pipeline's). */
  chargePollsTo(charge: PollCharge): void {
    this.pollCharge = charge;
  }

  /**
   * Yields the conversation once: at once if it exists already, else when a webhook brings it.
   * An event only counts when the conversation, as the event shows it, is between the subscribed
   * contact and the caller's rights (`mayFollow`): the message id alone proves nothing, since
   * anyone may name someone else's message. Events that fail the check are passed over.
   * It stops waiting (and polling) as soon as the client leaves.
   */
  started(
    key: ConversationLookupKey,
    principal: Principal,
    mayFollow: ConversationRule,
  ): AsyncGenerator<Conversation> {
    return cancellable((cancelled) => this.startedUntil(key, principal, mayFollow, cancelled));
  }

  private async *startedUntil(
    key: ConversationLookupKey,
    principal: Principal,
    mayFollow: ConversationRule,
    cancelled: Cancelled,
  ): AsyncGenerator<Conversation> {
    const stream = this.events.byMessage(key.messageId)[Symbol.asyncIterator]();
    // Asking for the first event is what starts listening: do it before looking.
    let pending = stream.next();
    const startedAt = Date.now();
    // Without webhooks, subscribers of the same message and contact wait in one group.
    const member = this.polls?.join(key, principal);
    try {
      const existing = await cancelled.race([member ? member.latest : this.lookFirst(key)]);
      if (existing === CANCELLED) return;
      if (existing) {
        mayFollow(principal, existing);
        yield existing;
        return;
      }
      for (;;) {
        const next = await cancelled.race<IteratorResult<unknown> | PollRound>(
          member ? [pending, polled(member)] : [pending],
        );
        if (next === CANCELLED) return;
        if ('sighting' in next) {
          if (next.sighting && allows(mayFollow, principal, next.sighting)) {
            yield next.sighting;
            return;
          }
          const waitedMs = Date.now() - startedAt;
          if (this.polling && waitedMs >= this.polling.maxWaitMs) {
            throw new WaitExpiredError(waitedMs);
          }
          continue;
        }
        if (next.done) return;
        pending = stream.next();
        const conversation = await this.startedFor(key, toConversation(next.value));
        if (conversation && allows(mayFollow, principal, conversation)) {
          yield conversation;
          return;
        }
      }
    } finally {
      member?.leave();
      await stream.return?.();
    }
  }

  /** The lookup at subscribe time: the conversation, or none yet (the contact exists). */
  private async lookFirst(key: ConversationLookupKey): Promise<Conversation | null> {
    const existing = await this.conversations.createLookup().forMessage(key);
    // Nothing yet: a contact that does not exist would keep this waiting forever.
    if (!existing) await this.conversations.assertContactExists(key.contact);
    return existing;
  }

  /**
   * The event's conversation if it is the one `key` asks for: its source is the message and the
   * subscribed contact takes part. A contact named by email cannot be matched on the event (it
   * lists ids): then the lookup itself, which walks that contact's conversations, decides.
   */
  private async startedFor(
    key: ConversationLookupKey,
    conversation: Conversation,
  ): Promise<Conversation | null> {
    if (conversation.source.id !== key.messageId) return null;
    const { id, userId } = key.contact;
    if (id || userId) {
      const takesPart = conversation.contacts.some(
        (contact) => (id && contact.id === id) || (userId && contact.externalId === userId),
      );
      return takesPart ? conversation : null;
    }
    return this.conversations.createLookup().forMessage(key);
  }

  /**
   * Yields the conversation each time it changes. `mayOpen` (by default `mayFollow`) decides,
   * from the conversation as it is when the stream starts, whether the caller may see it at all
   * (it may answer as for a conversation Intercom does not have), and `mayFollow` whether it still
   * may after each change; without `internalChanges`, a change the contact does not see (an
   * admin's note) is passed over. It stops listening as soon as the client leaves, also while it
   * passes changes over: the filter is inside the cancellable stream, where a generator wrapped
   * around it would hold the client's `return()` until the next change it yields (on a quiet
   * conversation, for ever).
   */
  updated(
    conversationId: string,
    principal: Principal,
    mayFollow: ConversationRule,
    {
      internalChanges,
      mayOpen = mayFollow,
    }: { internalChanges: boolean; mayOpen?: ConversationRule },
  ): AsyncGenerator<Conversation> {
    return cancellable((cancelled) =>
      this.updatedUntil(
        conversationId,
        principal,
        { mayOpen, mayFollow },
        internalChanges,
        cancelled,
      ),
    );
  }

  private async *updatedUntil(
    conversationId: string,
    principal: Principal,
    { mayOpen, mayFollow }: { mayOpen: ConversationRule; mayFollow: ConversationRule },
    internalChanges: boolean,
    cancelled: Cancelled,
  ): AsyncGenerator<Conversation> {
    if (this.polling) throw new WebhooksOffError();
    const stream = this.events.byConversation(conversationId)[Symbol.asyncIterator]();
    let pending = stream.next();
    try {
      const current = await this.conversations.byId(conversationId);
      if (!current) throw new ConversationNotFoundError();
      mayOpen(principal, current);
      for (;;) {
        const next = await cancelled.race([pending]);
        if (next === CANCELLED || next.done) return;
        pending = stream.next();
        // Participants change: each event is checked as it is, and ends the stream once the
        // caller may no longer follow it.
        const conversation = toConversation(next.value);
        mayFollow(principal, conversation);
        if (internalChanges || !isInternalChange(conversation)) yield conversation;
      }
    } finally {
      await stream.return?.();
    }
  }
}

/** What a round of the group's polls found, told apart from an event. */
type PollRound = { readonly sighting: Awaited<ReturnType<PollMember['nextRound']>> };

/** The group's next round, told apart from an event. */
const polled = (member: PollMember): Promise<PollRound> =>
  member.nextRound().then((sighting) => ({ sighting }));
