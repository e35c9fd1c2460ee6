import type { Principal } from '../auth/principal';
import type { Conversation } from '../conversations/conversation.model';
import type { ConversationLookupKey } from '../conversations/conversation.service';

/** Takes one poll from a subscriber's request budget; throws (RateLimitedError) once it is spent. */
export type PollCharge = (principal: Principal) => Promise<void>;

/** What one look at Intercom found: the conversation, or none yet. */
type Sighting = Conversation | null;

/** A promise to be settled from outside, that never counts as unhandled while nobody awaits it. */
class Deferred<T> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.promise.catch(() => undefined);
  }
}

/** One subscriber waiting in a group. */
export interface PollMember {
  /** The group's latest look: its first one, or the last round's (shared while under way). */
  readonly latest: Promise<Sighting>;
  /** Settles with the next round's sighting, or fails when the subscriber's budget is spent. */
  nextRound(): Promise<Sighting>;
  leave(): void;
}

interface Group {
  readonly key: ConversationLookupKey;
  readonly members: Set<Member>;
  latest: Promise<Sighting>;
  timer: NodeJS.Timeout | undefined;
}

class Member implements PollMember {
  private round = new Deferred<Sighting>();

  constructor(
    readonly principal: Principal,
    private readonly group: Group,
    private readonly left: (member: Member) => void,
  ) {}

  get latest(): Promise<Sighting> {
    return this.group.latest;
  }

  nextRound(): Promise<Sighting> {
    return this.round.promise;
  }

  deliver(sighting: Sighting): void {
    const round = this.round;
    this.round = new Deferred();
    round.resolve(sighting);
  }

  fail(error: unknown): void {
    this.round.reject(error);
  }

  leave(): void {
    this.left(this);
  }
}

/**
 * Subscribers waiting, without webhooks, for the conversation of the same message and contact
 * share one look at Intercom per interval instead of one each, and a subscriber joining a group
 * that is already waiting reuses its looks instead of asking again. Each round still costs every
 * subscriber in it one request from its own budget: a client cannot hold more polling than its
 * budget pays for, and a subscriber whose budget is spent leaves with the charge's error.
 */
export class SharedPolls {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly intervalMs: number,
    /** One look: the conversation, or none yet. A failed poll waits for the next round. */
    private readonly look: (key: ConversationLookupKey) => Promise<Sighting>,
    /** The first look of a group: the same, and it also makes sure the contact exists. */
    private readonly firstLook: (key: ConversationLookupKey) => Promise<Sighting>,
    private readonly charge: () => PollCharge | undefined,
  ) {}

  join(key: ConversationLookupKey, principal: Principal): PollMember {
    const name = groupName(key);
    let group = this.groups.get(name);
    if (!group) {
      const created: Group = {
        key,
        members: new Set(),
        latest: this.firstLook(key),
        timer: undefined,
      };
      group = created;
      this.groups.set(name, created);
      created.latest.then(
        () => this.schedule(name, created),
        // Nobody can wait on a contact that does not exist: the next subscriber asks anew.
        () => this.dissolve(name, created),
      );
    }
    const joined = group;
    const member = new Member(principal, joined, (leaving) => {
      joined.members.delete(leaving);
      if (joined.members.size === 0) this.dissolve(name, joined);
    });
    group.members.add(member);
    return member;
  }

  private schedule(name: string, group: Group): void {
    if (this.groups.get(name) !== group || group.members.size === 0 || group.timer) return;
    group.timer = setTimeout(() => {
      group.timer = undefined;
      void this.round(name, group);
    }, this.intervalMs);
    group.timer.unref();
  }

  private async round(name: string, group: Group): Promise<void> {
    const charge = this.charge();
    const members = [...group.members];
    const paid = await Promise.all(
      members.map(async (member) => {
        try {
          await charge?.(member.principal);
          return true;
        } catch (error) {
          group.members.delete(member);
          member.fail(error);
          return false;
        }
      }),
    );
    const paying = members.filter((_, index) => paid[index]);
    if (paying.length > 0) {
      const sighting = this.look(group.key).catch(() => null);
      group.latest = sighting;
      const found = await sighting;
      for (const member of paying) member.deliver(found);
    }
    if (group.members.size === 0) this.dissolve(name, group);
    else this.schedule(name, group);
  }

  private dissolve(name: string, group: Group): void {
    clearTimeout(group.timer);
    group.timer = undefined;
    if (this.groups.get(name) === group) this.groups.delete(name);
  }
}

/** The message and the contact as named: subscribers naming both alike share a group. */
function groupName({ messageId, contact }: ConversationLookupKey): string {
  return JSON.stringify([
    messageId,
    contact.type,
    contact.id ?? null,
    contact.userId ?? null,
    contact.email ?? null,
  ]);
}
