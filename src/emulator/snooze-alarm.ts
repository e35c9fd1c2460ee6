import type { ConversationRecord } from './records';
import type { DueSnoozes } from './store';

/** setTimeout's longest delay (about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** How soon a snooze that could not be ended is tried again. */
const RETRY_MS = 1000;

/**
 * Reopens snoozed conversations when their snooze runs out, as Intercom does: one timer, set for
 * the earliest snooze to run out and set again as snoozes come. Each wake looks only at the
 * snoozed conversations (the store keeps their index), and since snoozes end on whole seconds, it
 * wakes at most once a second however many there are.
 */
export class SnoozeAlarm {
  private timer: NodeJS.Timeout | undefined;
  /** When the timer is set for (epoch ms); Infinity when it is not. */
  private armedFor = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(
    /** The store's `dueSnoozes`: the snoozes run out by a time, and the next to run out. */
    private readonly dueSnoozes: (now: number) => DueSnoozes,
    private readonly reopen: (conversation: ConversationRecord) => void,
  ) {}

  /** A conversation was snoozed until `until` (unix seconds): wakes then, unless set for sooner. */
  snoozed(until: number): void {
    this.arm(until * 1000);
  }

  /**
   * Reopens every conversation whose snooze has run out, then waits for the next. Answers how
   * many. One that cannot be reopened now (its folder cannot give an id, say) stays snoozed and
   * is tried again a second later; it never stops the others, nor the alarm.
   */
  wake(): number {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const { due, next } = this.dueSnoozes(Math.floor(Date.now() / 1000));
    let reopened = 0;
    let failed = false;
    for (const conversation of due) {
      try {
        this.reopen(conversation);
        reopened += 1;
      } catch {
        failed = true;
      }
    }
    if (failed) this.arm(Date.now() + RETRY_MS);
    if (next !== null) this.arm(next * 1000);
    return reopened;
  }

  /** No more wakes (the emulator closes). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(atMs: number): void {
    if (this.stopped || atMs >= this.armedFor) return;
    clearTimeout(this.timer);
    this.armedFor = atMs;
    // A snooze beyond the longest delay is waited for in steps: a wake with nothing due sets the
    // timer again.
    const delay = Math.min(Math.max(0, atMs - Date.now()), MAX_TIMER_MS);
    // Unref: a snooze still to run out does not keep a process alive.
    this.timer = setTimeout(() => this.wake(), delay).unref();
  }
}
