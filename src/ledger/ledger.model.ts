/**
 * The gateway's record of what it sent (the ledger): one entry per send or reply, written
 * before Intercom is asked (PENDING) and settled as the client gets its answer (before it, with
 * LEDGER_OUTCOME_BEFORE_ANSWER=true).
 */

export type LedgerKind = 'ADMIN_MESSAGE' | 'USER_MESSAGE' | 'REPLY' | 'CONVERSATION_ACTION';
export type LedgerState = 'PENDING' | 'SENT' | 'FAILED' | 'UNKNOWN';

/** A contact, an admin or (an assignment's assignee) a team, as the request named it. */
export interface LedgerParty {
  readonly type: string;
  readonly id: string | null;
  readonly userId: string | null;
  readonly email: string | null;
}

export interface LedgerEntryStart {
  readonly kind: LedgerKind;
  readonly clientId: string;
  readonly idempotencyKey: string | null;
  readonly from: LedgerParty;
  readonly to: LedgerParty | null;
  /** EMAIL, IN_APP, COMMENT or NOTE; an action's CLOSE, OPEN, SNOOZE or ASSIGN. */
  readonly messageType: string;
  readonly subject: string | null;
  /** Left out when LEDGER_STORE_BODIES=false. */
  readonly body: string | null;
  /** Replies and actions: the conversation written in or acted on. */
  readonly conversationId: string | null;
}

export type LedgerOutcome =
  | {
      readonly state: 'SENT';
      readonly intercomMessageId: string | null;
      readonly conversationId: string | null;
      /** The contact's Intercom id once known (2.x resolves emails and user ids). */
      readonly resolvedContactId: string | null;
    }
  | {
      readonly state: 'FAILED' | 'UNKNOWN';
      readonly errorCode: string;
      readonly intercomRequestId: string | null;
    };

export type SentOutcome = Extract<LedgerOutcome, { state: 'SENT' }>;

export interface LedgerEntry extends LedgerEntryStart {
  /** The gateway's own id for the entry. */
  readonly id: string;
  readonly state: LedgerState;
  readonly intercomMessageId: string | null;
  readonly resolvedContactId: string | null;
  readonly intercomRequestId: string | null;
  readonly errorCode: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Who may see which entries: all (trusted servers), or those naming these admins or person. */
export type LedgerReader =
  | { readonly all: true }
  | {
      readonly all: false;
      readonly adminIds: readonly string[];
      readonly person: {
        readonly contactId: string | null;
        readonly userId: string | null;
        readonly email: string | null;
      } | null;
    };

export interface LedgerFilter {
  readonly contactId?: string | null;
  readonly adminId?: string | null;
  readonly state?: LedgerState | null;
  readonly kind?: LedgerKind | null;
  readonly createdAfter?: Date | null;
  readonly createdBefore?: Date | null;
}

export interface LedgerPage {
  readonly entries: readonly LedgerEntry[];
  readonly hasNextPage: boolean;
}

/** Where a running send is, for settling it. */
export interface LedgerTicket {
  readonly id: string;
}

export interface MessageLedger {
  /**
   * A PENDING entry, visible to every reader once this resolves. `durable: false` may resolve
   * before it reaches the disk: its outcome, which carries the whole entry, makes it durable
   * (and writes it again if the database lost it meanwhile).
   */
  begin(entry: LedgerEntryStart, options?: { durable?: boolean }): Promise<LedgerTicket>;
  /**
   * The entry's outcome. `soon`: nobody waits for it, so it may wait a little to share a write
   * with others (readers of this ledger still see it); `now`: somebody does.
   */
  settle(ticket: LedgerTicket, outcome: LedgerOutcome, when?: 'now' | 'soon'): Promise<void>;
  /**
   * The entry's send is over: its lease, renewed while the send goes on, is left to run out.
   * Its outcome is on its way, kept for later, or lost (then the entry turns UNKNOWN).
   */
  ended(ticket: LedgerTicket): void;
  /** A whole entry at once, settled: a send whose PENDING entry could not be written in time. */
  record(entry: LedgerEntryStart, createdAt: Date, outcome: LedgerOutcome): Promise<void>;
  /** One entry by the gateway's id or Intercom's message id, if the reader may see it. */
  find(id: string, reader: LedgerReader): Promise<LedgerEntry | null>;
  /** Newest first; `after` is the id of the last entry of the previous page. */
  page(
    reader: LedgerReader,
    filter: LedgerFilter,
    first: number,
    after: string | null,
  ): Promise<LedgerPage>;
  /**
   * Records the conversation a sent message started (a message it does not hold is ignored).
   * Answers whether an entry changed.
   */
  rememberConversation(intercomMessageId: string, conversationId: string): Promise<boolean>;
  /** Entries older than `before` are deleted; answers how many. */
  purge(before: Date): Promise<number>;
  /** PENDING entries whose sender went away (its lease ran out) become UNKNOWN. */
  expireAbandoned(now: Date): Promise<number>;
  /**
   * Resolves once every write asked for so far is done (written, or failed to its caller): the
   * outcomes on their way included.
   */
  written(): Promise<void>;
  /** Renews no more leases (the process stops); resolves once a renewal under way is over. */
  stop(): Promise<void>;
  close(): Promise<void>;
}
