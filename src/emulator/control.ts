import { badParameter, notFound } from './errors';
import type { ConversationEvent } from './context';
import { unsnoozeOnTime } from './conversation-actions';
import { FaultRegistry, type FaultSpec } from './faults';
import type { ContactRecord, ConversationRecord } from './records';
import { type RequestLog, type RecordedRequest } from './request-log';
import { type WindowRateLimiter } from './rate-limit';
import { seedStore } from './seed';
import type { EmulatorStore, NewContact } from './store';

export interface ContactSeed {
  role?: 'user' | 'lead' | 'visitor';
  email?: string;
  externalId?: string;
  name?: string;
  unsubscribedFromEmails?: boolean;
  /** How long before it can be messaged; default 0 (seeded contacts skip Intercom's delay). */
  messageableInMs?: number;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * Everything a test, a benchmark or a person in a terminal may do to the emulator that Intercom's
 * API cannot: reset it, seed it, play a contact's reply, inject faults, read what it received.
 * Tests hold this object directly; the same operations are served over HTTP under `/_emulator/`.
 */
export class EmulatorControl {
  readonly faults = new FaultRegistry();

  constructor(
    private readonly store: EmulatorStore,
    readonly requestLog: RequestLog,
    readonly rateLimiter: WindowRateLimiter,
    private readonly defaultRateLimit: number,
    private readonly emit: (event: ConversationEvent) => void,
  ) {}

  /** Back to the seeded workspace: no messages, no faults, no recorded requests. */
  reset(): void {
    this.store.clear();
    seedStore(this.store);
    this.faults.clear();
    this.requestLog.clear();
    this.rateLimiter.setLimit(this.defaultRateLimit);
  }

  addFault(spec: FaultSpec): void {
    this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  setRateLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 0) throw badParameter('limit must be an integer >= 0');
    this.rateLimiter.setLimit(limit);
  }

  requests(route?: string): RecordedRequest[] {
    return this.requestLog.list(route);
  }

  clearRequests(): void {
    this.requestLog.clear();
  }

  counts(): { contacts: number; messages: number; conversations: number } {
    return this.store.counts;
  }

  createContact(seed: ContactSeed): ContactRecord {
    const contact: NewContact = {
      role: seed.role ?? 'user',
      email: seed.email ?? null,
      externalId: seed.externalId ?? null,
      name: seed.name ?? null,
      unsubscribedFromEmails: seed.unsubscribedFromEmails ?? false,
      messageableAt: Date.now() + (seed.messageableInMs ?? 0),
    };
    return this.store.addContact(contact);
  }

  /**
   * Plays the contact's reply to a message: opens the conversation whose source is the message
   * (or adds to it when it is open already), as Intercom does when the contact answers.
   */
  playReply(messageId: string, body: string, contactId?: string): ConversationRecord {
    const message = this.store.messageById(messageId);
    if (!message) throw notFound('Message Not Found');
    const replierId = contactId ?? message.contactIds[0];
    const replier = replierId === undefined ? undefined : this.store.contactById(replierId);
    if (!replier || !message.contactIds.includes(replier.id)) {
      throw badParameter('contact_id must be a recipient of the message');
    }
    const now = nowSeconds();
    let conversation = this.store.conversationForMessage(message);
    if (!conversation) {
      conversation = this.store.addConversation({
        messageId: message.id,
        sourceType: message.messageType === 'email' ? 'email' : 'conversation',
        deliveredAs: message.kind === 'admin_message' ? 'admin_initiated' : 'customer_initiated',
        subject: message.subject,
        body: message.body,
        author:
          message.kind === 'admin_message'
            ? { type: 'admin', id: message.authorId }
            : { type: replier.role === 'user' ? 'user' : 'lead', id: replier.id },
        contactIds: [replier.id],
        createdAt: now,
      });
    }
    // A contact's reply reopens a closed or snoozed conversation.
    conversation.state = 'open';
    conversation.snoozedUntil = null;
    this.store.addPart(
      conversation,
      body,
      { type: replier.role === 'user' ? 'user' : 'lead', id: replier.id },
      now,
    );
    this.emit({ topic: 'conversation.user.replied', conversationId: conversation.id });
    return conversation;
  }

  /**
   * Ends a conversation's snooze now, as its running out would (a `timer_unsnooze` part, the
   * `conversation.admin.unsnoozed` webhook): for whoever cannot wait for it.
   */
  endSnooze(conversationId: string): ConversationRecord {
    const conversation = this.store.conversationById(conversationId);
    if (!conversation) throw notFound('Resource Not Found');
    if (conversation.state !== 'snoozed') throw badParameter('The conversation is not snoozed');
    unsnoozeOnTime(this.store, this.emit, conversation);
    return conversation;
  }

  /** Gives a contact `count` conversations of its own, newer than any it has. */
  seedConversations(contactId: string, count: number): string[] {
    const contact = this.store.contactById(contactId);
    if (!contact) throw notFound('User Not Found');
    if (!Number.isInteger(count) || count < 1 || count > 10_000) {
      throw badParameter('count must be an integer from 1 to 10000');
    }
    const author = { type: contact.role === 'user' ? 'user' : 'lead', id: contact.id } as const;
    const now = nowSeconds();
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const body = `Seeded conversation ${index + 1}`;
      const message = this.store.addMessage({
        kind: 'user_message',
        messageType: 'inapp',
        subject: '',
        body,
        template: null,
        authorId: contact.id,
        contactIds: [contact.id],
        createdAt: now,
      });
      const conversation = this.store.addConversation({
        messageId: message.id,
        sourceType: 'conversation',
        deliveredAs: 'customer_initiated',
        subject: '',
        body,
        author,
        contactIds: [contact.id],
        createdAt: now,
      });
      ids.push(conversation.id);
    }
    return ids;
  }
}
