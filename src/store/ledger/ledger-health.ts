import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';

/** The ledger's database is known to be failing: the step is refused without asking it. */
export class LedgerDatabaseDownError extends Error {
  override readonly name = 'LedgerDatabaseDownError';

  constructor(reason: string) {
    super(`the ledger's database is failing (${reason})`);
  }
}

/**
 * Whether the ledger's database works, as a probe finds it every `intervalMs` (with the same
 * client-side deadline as every query) and as failing queries report it. While it fails, every
 * step is refused at once (a circuit breaker): a frozen server costs one request the deadline,
 * not every request, and the documented fallback (LEDGER_REQUIRED) applies without waiting.
 * The first probe that passes closes the circuit again.
 */
export class LedgerHealth {
  private failure: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The probe under way, if any. */
  private probing: Promise<void> | undefined;
  private stopped = false;
  private readonly listeners: Array<(reason: string | undefined) => void> = [];

  constructor(
    private readonly probe: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  /** `listener` is told each change: a reason when the database starts failing, none when it works again. */
  onChange(listener: (reason: string | undefined) => void): void {
    this.listeners.push(listener);
  }

  private changed(reason: string | undefined): void {
    this.failure = reason;
    for (const listener of this.listeners) listener(reason);
  }

  /** `failing` from the first failed probe or query until a probe passes. */
  get state(): 'ok' | 'failing' {
    return this.failure === undefined ? 'ok' : 'failing';
  }

  /** Why the database counts as failing (a sentence without values), while it does. */
  get reason(): string | undefined {
    return this.failure;
  }

  /** A query failed in a way that blames the database (a timeout, a lost connection). */
  reportFailure(reason: string): void {
    if (this.failure === undefined) this.changed(reason);
  }

  /** Probes now, then every interval, never two at once. */
  start(): void {
    void this.check();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  /**
   * Stops probing; resolves once a probe under way is over, so that the database is not closed
   * beneath it (the embedded engine does not survive being closed mid-query).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.probing;
  }

  /** Runs one probe (or waits for the one under way) and answers the state after it. */
  async check(): Promise<'ok' | 'failing'> {
    if (this.stopped) return this.state;
    if (this.probing) {
      // One under way: its answer is the fresh one.
      await this.probing;
      return this.state;
    }
    this.probing = this.probe().then(
      () => {
        if (this.failure !== undefined) this.changed(undefined);
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : 'the probe failed';
        if (this.failure !== reason) this.changed(reason);
      },
    );
    await this.probing;
    this.probing = undefined;
    return this.state;
  }

  /** A Kysely plugin that refuses every query while the database is failing. */
  gate(): KyselyPlugin {
    return {
      transformQuery: (args: PluginTransformQueryArgs) => {
        if (this.failure !== undefined) throw new LedgerDatabaseDownError(this.failure);
        return args.node;
      },
      transformResult: (args: PluginTransformResultArgs) => Promise.resolve(args.result),
    };
  }
}
