import type { MessageLedger } from './ledger.model';

/** How many history reads may use the ledger's database at once. */
export interface LedgerReadBudget {
  /** Reads in flight for one client. */
  readonly perClient: number;
  /** Reads in flight for everyone: below the pool size, so sends always find a connection. */
  readonly total: number;
  /** How long a read past its budget waits for a turn before it is refused. */
  readonly maxWaitMs: number;
}

/** Reads waiting for a turn, at most, for everyone: past it a read is refused at once. */
const MAX_WAITING = 200;

/**
 * The budget for a pool of `maxConnections`: half of it for reads (at least one), two of those
 * per client, and a wait of at most a second (never longer than a query may take).
 */
export function readBudgetFor({
  maxConnections,
  timeoutMs,
}: {
  readonly maxConnections: number;
  readonly timeoutMs: number;
}): LedgerReadBudget {
  const total = Math.max(1, Math.floor(maxConnections / 2));
  return { total, perClient: Math.min(2, total), maxWaitMs: Math.min(1000, timeoutMs) };
}

/** A client asked for more ledger reads at once than its budget allows. */
export class LedgerBusyError extends Error {
  readonly retryAfterSeconds = 1;
  constructor() {
    super(
      'Too many reads of the sent messages at once from this client (or from everyone): try again in a moment.',
    );
    this.name = 'LedgerBusyError';
  }
}

interface Waiter {
  readonly clientId: string;
  readonly admit: () => void;
}

/**
 * Bounds the history reads (`message`, `messages`) in flight, per client and overall, so that
 * reads never take the connections sends need and one client cannot take every read's turn. A
 * read past its budget waits briefly (oldest first) and is then refused with LedgerBusyError.
 */
export class LedgerReadGate {
  private total = 0;
  private readonly perClient = new Map<string, number>();
  private readonly waiting: Waiter[] = [];

  constructor(private readonly budget: LedgerReadBudget) {}

  async run<T>(clientId: string, read: () => Promise<T>): Promise<T> {
    // A waiter is counted as started by whoever gives it the turn.
    if (this.mayStart(clientId)) this.start(clientId);
    else await this.turn(clientId);
    try {
      return await read();
    } finally {
      this.finish(clientId);
      this.admitNext();
    }
  }

  private start(clientId: string): void {
    this.total += 1;
    this.perClient.set(clientId, (this.perClient.get(clientId) ?? 0) + 1);
  }

  private finish(clientId: string): void {
    this.total -= 1;
    const left = (this.perClient.get(clientId) ?? 1) - 1;
    if (left === 0) this.perClient.delete(clientId);
    else this.perClient.set(clientId, left);
  }

  private mayStart(clientId: string): boolean {
    return (
      this.total < this.budget.total && (this.perClient.get(clientId) ?? 0) < this.budget.perClient
    );
  }

  /** Waits for a turn: resolves when admitted, rejects when the wait is over or too many wait. */
  private turn(clientId: string): Promise<void> {
    const queued = this.waiting.filter((waiter) => waiter.clientId === clientId).length;
    if (this.waiting.length >= MAX_WAITING || queued >= this.budget.perClient) {
      return Promise.reject(new LedgerBusyError());
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        clientId,
        admit: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(new LedgerBusyError());
      }, this.budget.maxWaitMs);
      this.waiting.push(waiter);
    });
  }

  /** The oldest waiter whose client is within its budget gets the turn a read just left. */
  private admitNext(): void {
    const next = this.waiting.findIndex((waiter) => this.mayStart(waiter.clientId));
    if (next < 0) return;
    const [waiter] = this.waiting.splice(next, 1) as [Waiter];
    // Counted as started now, before any other read can take the turn.
    this.start(waiter.clientId);
    waiter.admit();
  }
}

/** Each ledger's gate: set where the ledger is opened, found where its history is read. */
const gates = new WeakMap<MessageLedger, LedgerReadGate>();

/** Bounds the history reads of `ledger` by `budget`. */
export function gateLedgerReads(ledger: MessageLedger, budget: LedgerReadBudget): void {
  gates.set(ledger, new LedgerReadGate(budget));
}

/** The gate of `ledger`; one with the default pool's budget when none was set. */
export function readGateOf(ledger: MessageLedger): LedgerReadGate {
  let gate = gates.get(ledger);
  if (!gate) {
    gate = new LedgerReadGate(readBudgetFor({ maxConnections: 10, timeoutMs: 5000 }));
    gates.set(ledger, gate);
  }
  return gate;
}
