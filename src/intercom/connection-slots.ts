/**
 * At most as many calls in flight as the pool has connections, and a wait for one that ends at
 * the call's deadline. Without it, calls past the pool's size wait in undici's queue, where no
 * timeout runs (headersTimeout starts once a request is written): a call could outlive its
 * deadline and its quota lease there. A call that never got a connection wrote nothing, so it
 * can end as certainly not sent.
 */
export class ConnectionSlots {
  private inUse = 0;
  /** Waiters in arrival order; `head` is the next one (a shifted array would copy on every call). */
  private readonly waiting: Array<Waiter | undefined> = [];
  private head = 0;
  /** Waiters still waiting (the array also holds spent ones until they are passed). */
  private live = 0;
  private closed = false;

  constructor(private readonly size: number) {}

  /**
   * True once a connection is the caller's (give it back with `leave`), false when `deadline`
   * (epoch ms) passes first or the slots are closed. Synchronous while a connection is free: the
   * common case costs no promise.
   */
  enter(deadline: number): boolean | Promise<boolean> {
    if (this.closed) return false;
    if (this.inUse < this.size && this.head === this.waiting.length) {
      this.inUse += 1;
      return true;
    }
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(
          () => {
            waiter.resolve = undefined;
            this.live -= 1;
            resolve(false);
          },
          Math.max(0, deadline - Date.now()),
        ),
      };
      this.waiting.push(waiter);
      this.live += 1;
    });
  }

  /** Calls waiting for a connection now. */
  get waitingCount(): number {
    return this.live;
  }

  /** Gives a connection back: to the longest waiter still waiting, if any. */
  leave(): void {
    const next = this.nextWaiter();
    if (next === undefined) {
      this.inUse -= 1;
      return;
    }
    clearTimeout(next.timer);
    next.resolve?.(true);
  }

  /** Ends every wait (false): nothing more will be sent. */
  close(): void {
    this.closed = true;
    for (let waiter = this.nextWaiter(); waiter !== undefined; waiter = this.nextWaiter()) {
      clearTimeout(waiter.timer);
      waiter.resolve?.(false);
    }
  }

  private nextWaiter(): Waiter | undefined {
    while (this.head < this.waiting.length) {
      const waiter = this.waiting[this.head];
      this.waiting[this.head] = undefined;
      this.head += 1;
      if (waiter?.resolve !== undefined) {
        this.live -= 1;
        // Drop the spent front of the array now and then: under a long overload it never empties.
        if (this.head >= 1024 && this.head * 2 >= this.waiting.length) {
          this.waiting.splice(0, this.head);
          this.head = 0;
        }
        return waiter;
      }
    }
    // Empty: start over rather than let the array grow with spent entries.
    this.waiting.length = 0;
    this.head = 0;
    return undefined;
  }
}

interface Waiter {
  /** Unset once the wait timed out. */
  resolve: ((granted: boolean) => void) | undefined;
  readonly timer: NodeJS.Timeout;
}
