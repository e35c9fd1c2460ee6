import { randomBytes } from 'node:crypto';
import { newFileId, type StoredFile } from './attachments';
import { BoundedMap } from './bounded-map';
import { IdAllocator } from './id-allocator';
import type {
  AdminRecord,
  ContactRecord,
  ContactRole,
  ConversationPartRecord,
  ConversationRecord,
  MessageKind,
  MessageRecord,
  TeamRecord,
  WireMessageType,
} from './records';

export interface StoreLimits {
  readonly maxContacts: number;
  readonly maxMessages: number;
  readonly maxConversations: number;
}

export interface NewContact {
  role: ContactRole;
  externalId?: string | null;
  email?: string | null;
  name?: string | null;
  unsubscribedFromEmails?: boolean;
  /** Epoch ms from which it can be messaged; defaults to now. */
  messageableAt?: number;
  pinned?: boolean;
  id?: string;
  createdAt?: number;
}

export interface NewMessage {
  kind: MessageKind;
  messageType: WireMessageType;
  subject: string;
  body: string;
  template: 'plain' | 'personal' | null;
  authorId: string;
  contactIds: readonly string[];
  createdAt: number;
}

export interface NewConversation {
  messageId: string | null;
  sourceType: ConversationRecord['sourceType'];
  deliveredAs: ConversationRecord['deliveredAs'];
  subject: string;
  body: string;
  author: ConversationRecord['author'];
  contactIds: readonly string[];
  createdAt: number;
}

/** Everything the store holds, in insertion order (the order eviction follows). */
export interface StoreState {
  readonly admins: readonly AdminRecord[];
  readonly teams: readonly TeamRecord[];
  readonly contacts: readonly ContactRecord[];
  readonly messages: readonly MessageRecord[];
  readonly conversations: readonly ConversationRecord[];
  readonly files: readonly StoredFile[];
}

export interface StoreOptions {
  /** Where numeric ids come from; default a fresh in-memory counter. */
  readonly ids?: IdAllocator;
  /**
   * Called after each change the store makes. Every change a request makes to a record
   * (a state, an assignee, a role) comes with one of these (a part, a message), so this is
   * enough to know the state changed.
   */
  readonly onChange?: () => void;
  /**
   * Called when a conversation is snoozed (or one is put back snoozed), with when its snooze
   * runs out (unix seconds): what wakes the emulator to reopen it then.
   */
  readonly onSnoozed?: (until: number) => void;
}

/** The snoozes that have run out, and when the next one will (null: none is left). */
export interface DueSnoozes {
  readonly due: readonly ConversationRecord[];
  readonly next: number | null;
}

const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

/** Mongo-style 24 hex digit ids, as Intercom gives contacts. */
export const newContactId = (): string => randomBytes(12).toString('hex');

/**
 * All of the emulator's state: in memory, bounded, indexed for the lookups the API makes. It can
 * be read out whole and put back (`exportState`, `importState`), which is how it is kept on disk.
 */
export class EmulatorStore {
  readonly admins = new Map<string, AdminRecord>();
  readonly teams = new Map<string, TeamRecord>();
  private readonly contacts: BoundedMap<string, ContactRecord>;
  private readonly messages: BoundedMap<string, MessageRecord>;
  private readonly conversations: BoundedMap<string, ConversationRecord>;
  /** Files sent as `attachment_files`: the latest few hundred (each under the 1 MiB body limit). */
  private readonly files = new BoundedMap<string, StoredFile>(200);
  private readonly contactIdByEmail = new Map<string, string>();
  private readonly contactIdByExternalId = new Map<string, string>();
  private readonly conversationIdsByContact = new Map<string, Set<string>>();
  /**
   * Snoozed conversations' ids and when each snooze runs out (unix seconds): what is looked at
   * to reopen them on time, never the whole store.
   */
  private readonly snoozes = new Map<string, number>();
  private readonly ids: IdAllocator;
  private readonly changed: () => void;
  private readonly snoozed: (until: number) => void;

  constructor(limits: StoreLimits, options: StoreOptions = {}) {
    this.ids = options.ids ?? new IdAllocator();
    this.changed = options.onChange ?? (() => undefined);
    this.snoozed = options.onSnoozed ?? (() => undefined);
    this.contacts = new BoundedMap(
      limits.maxContacts,
      (contact) => this.unindexContact(contact),
      (contact) => contact.pinned,
    );
    this.messages = new BoundedMap(limits.maxMessages);
    this.conversations = new BoundedMap(limits.maxConversations, (conversation) =>
      this.unindexConversation(conversation),
    );
  }

  clear(): void {
    this.admins.clear();
    this.teams.clear();
    this.contacts.clear();
    this.messages.clear();
    this.conversations.clear();
    this.files.clear();
    this.contactIdByEmail.clear();
    this.contactIdByExternalId.clear();
    this.conversationIdsByContact.clear();
    this.snoozes.clear();
    // Ids keep counting across resets: Intercom never reuses one, and clients may have kept them.
    this.changed();
  }

  /** Every record, in the order each map holds them (oldest first). */
  exportState(): StoreState {
    return {
      admins: [...this.admins.values()],
      teams: [...this.teams.values()],
      contacts: [...this.contacts.values()],
      messages: [...this.messages.values()],
      conversations: [...this.conversations.values()],
      files: [...this.files.values()],
    };
  }

  /** Replaces everything with `state`, records as they are (ids included), indexes rebuilt. */
  importState(state: StoreState): void {
    this.clear();
    for (const admin of state.admins) this.admins.set(admin.id, admin);
    for (const team of state.teams) this.teams.set(team.id, team);
    for (const contact of state.contacts) this.putContact(contact);
    for (const message of state.messages) this.messages.set(message.id, message);
    for (const conversation of state.conversations) this.putConversation(conversation);
    for (const file of state.files) this.files.set(file.id, file);
  }

  get counts(): { contacts: number; messages: number; conversations: number } {
    return {
      contacts: this.contacts.size,
      messages: this.messages.size,
      conversations: this.conversations.size,
    };
  }

  addAdmin(admin: AdminRecord): void {
    this.admins.set(admin.id, admin);
    this.changed();
  }

  addTeam(team: TeamRecord): void {
    this.teams.set(team.id, team);
    this.changed();
  }

  addContact(input: NewContact): ContactRecord {
    const now = Date.now();
    const contact: ContactRecord = {
      id: input.id ?? newContactId(),
      role: input.role,
      externalId: input.externalId ?? null,
      email: input.email ?? null,
      name: input.name ?? null,
      createdAt: input.createdAt ?? unixSeconds(now),
      updatedAt: input.createdAt ?? unixSeconds(now),
      unsubscribedFromEmails: input.unsubscribedFromEmails ?? false,
      messageableAt: input.messageableAt ?? now,
      pinned: input.pinned ?? false,
    };
    this.putContact(contact);
    this.changed();
    return contact;
  }

  private putContact(contact: ContactRecord): void {
    this.contacts.set(contact.id, contact);
    if (contact.email) this.contactIdByEmail.set(contact.email.toLowerCase(), contact.id);
    if (contact.externalId) this.contactIdByExternalId.set(contact.externalId, contact.id);
  }

  contactById(id: string): ContactRecord | undefined {
    return this.contacts.get(id);
  }

  contactByEmail(email: string): ContactRecord | undefined {
    const id = this.contactIdByEmail.get(email.toLowerCase());
    return id === undefined ? undefined : this.contacts.get(id);
  }

  contactByExternalId(externalId: string): ContactRecord | undefined {
    const id = this.contactIdByExternalId.get(externalId);
    return id === undefined ? undefined : this.contacts.get(id);
  }

  allContacts(): ContactRecord[] {
    return [...this.contacts.values()];
  }

  addFile(file: Omit<StoredFile, 'id'>): StoredFile {
    const stored = { ...file, id: newFileId() };
    this.files.set(stored.id, stored);
    this.changed();
    return stored;
  }

  fileById(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  addMessage(input: NewMessage): MessageRecord {
    const message: MessageRecord = {
      ...input,
      id: this.ids.take('message'),
      contactIds: [...input.contactIds],
      conversationId: null,
    };
    this.messages.set(message.id, message);
    this.changed();
    return message;
  }

  messageById(id: string): MessageRecord | undefined {
    return this.messages.get(id);
  }

  addConversation(input: NewConversation): ConversationRecord {
    const conversation: ConversationRecord = {
      ...input,
      id: this.ids.take('conversation'),
      contactIds: [...input.contactIds],
      updatedAt: input.createdAt,
      waitingSince: null,
      state: 'open',
      snoozedUntil: null,
      adminAssigneeId: null,
      teamAssigneeId: null,
      read: false,
      parts: [],
    };
    this.putConversation(conversation);
    if (input.messageId !== null) {
      const message = this.messages.get(input.messageId);
      if (message) message.conversationId = conversation.id;
    }
    this.changed();
    return conversation;
  }

  private putConversation(conversation: ConversationRecord): void {
    this.conversations.set(conversation.id, conversation);
    for (const contactId of conversation.contactIds) {
      let ids = this.conversationIdsByContact.get(contactId);
      if (!ids) this.conversationIdsByContact.set(contactId, (ids = new Set()));
      ids.add(conversation.id);
    }
    this.trackSnooze(conversation);
  }

  /** Keeps the snooze index in step with the conversation's state as it now stands. */
  private trackSnooze(conversation: ConversationRecord): void {
    const until = conversation.state === 'snoozed' ? conversation.snoozedUntil : null;
    if (until === null) {
      this.snoozes.delete(conversation.id);
      return;
    }
    if (this.snoozes.get(conversation.id) === until) return;
    this.snoozes.set(conversation.id, until);
    this.snoozed(until);
  }

  /** The snoozed conversations whose snooze has run out by `now` (unix seconds), oldest due first. */
  dueSnoozes(now: number): DueSnoozes {
    const due: Array<[number, ConversationRecord]> = [];
    let next: number | null = null;
    for (const [id, until] of this.snoozes) {
      if (until > now) {
        if (next === null || until < next) next = until;
        continue;
      }
      const conversation = this.conversations.get(id);
      if (conversation) due.push([until, conversation]);
    }
    due.sort((a, b) => a[0] - b[0]);
    return { due: due.map(([, conversation]) => conversation), next };
  }

  /** Writes a part; `state` on it is the conversation's as it stands (change that first). */
  addPart(
    conversation: ConversationRecord,
    body: string | null,
    author: ConversationRecord['author'],
    createdAt: number,
    extra: Pick<Partial<ConversationPartRecord>, 'partType' | 'attachments' | 'assignedTo'> = {},
  ): ConversationPartRecord {
    const part: ConversationPartRecord = {
      id: this.ids.take('part'),
      partType: extra.partType ?? 'comment',
      body,
      createdAt,
      author,
      attachments: extra.attachments ?? [],
      state: conversation.state,
      assignedTo: extra.assignedTo ?? null,
    };
    conversation.parts.push(part);
    conversation.updatedAt = createdAt;
    // A state is changed before its part is written (see above): the part says it changed.
    this.trackSnooze(conversation);
    if (author.type !== 'admin') {
      conversation.waitingSince = createdAt;
      conversation.read = false;
    } else if (part.partType === 'comment') {
      conversation.waitingSince = null;
    }
    this.changed();
    return part;
  }

  conversationById(id: string): ConversationRecord | undefined {
    return this.conversations.get(id);
  }

  /** The conversation a message started, if it still exists. */
  conversationForMessage(message: MessageRecord): ConversationRecord | undefined {
    return message.conversationId === null
      ? undefined
      : this.conversations.get(message.conversationId);
  }

  /** A contact's conversations, most recently updated first (Intercom's default order). */
  conversationsOfContact(contactId: string): ConversationRecord[] {
    const ids = this.conversationIdsByContact.get(contactId);
    if (!ids) return [];
    const found: ConversationRecord[] = [];
    for (const id of ids) {
      const conversation = this.conversations.get(id);
      if (conversation) found.push(conversation);
    }
    return found.sort(newestFirst);
  }

  allConversations(): ConversationRecord[] {
    return [...this.conversations.values()].sort(newestFirst);
  }

  private unindexContact(contact: ContactRecord): void {
    if (contact.email) this.contactIdByEmail.delete(contact.email.toLowerCase());
    if (contact.externalId) this.contactIdByExternalId.delete(contact.externalId);
  }

  private unindexConversation(conversation: ConversationRecord): void {
    this.snoozes.delete(conversation.id);
    for (const contactId of conversation.contactIds) {
      const ids = this.conversationIdsByContact.get(contactId);
      ids?.delete(conversation.id);
      if (ids?.size === 0) this.conversationIdsByContact.delete(contactId);
    }
  }
}

function newestFirst(a: ConversationRecord, b: ConversationRecord): number {
  return b.updatedAt - a.updatedAt || Number(b.id) - Number(a.id);
}
