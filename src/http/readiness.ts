/** What /readyz reads: each part's own state, as the gateway keeps it current. */
export interface ReadinessSources {
  /** false once the gateway is shutting down. */
  readonly accepting: () => boolean;
  readonly store: () => 'memory' | 'redis' | 'redis-down';
  readonly intercom: () => 'verified' | 'unverified' | 'refused';
  /** The ledger's health probe and its latest write: `failing` within seconds of a fault. */
  readonly ledger: () => 'off' | 'ok' | 'failing';
  readonly ledgerBacklog: () => number;
  /** IDEMPOTENCY_REQUIRED: a replica without its idempotency store cannot take sends. */
  readonly idempotencyRequired: boolean;
  /**
   * Where the idempotency records of record are: the ledger's database when the ledger is on,
   * the shared store (Redis, or this replica's memory) otherwise.
   */
  readonly idempotencyIn: 'ledger' | 'store';
}

/** The /readyz answer: its HTTP status and body. */
export function readiness(sources: ReadinessSources): { status: number; body: object } {
  const accepting = sources.accepting();
  const store = sources.store();
  const intercom = sources.intercom();
  const ledger = sources.ledger();
  const idempotencyDown =
    sources.idempotencyIn === 'ledger' ? ledger === 'failing' : store === 'redis-down';
  // Without its idempotency store, a replica that must guarantee idempotency cannot take sends;
  // with a token Intercom refuses, no replica can do anything.
  const ready =
    accepting && intercom !== 'refused' && !(idempotencyDown && sources.idempotencyRequired);
  // Otherwise a failing ledger leaves the replica ready: sends go on and are recorded later, or
  // (LEDGER_REQUIRED=true) are refused at once; the probe sees the database come back.
  const backlog = sources.ledgerBacklog();
  return {
    status: ready ? 200 : 503,
    body: {
      status: !accepting
        ? 'shutting down'
        : ready
          ? store === 'redis-down' || ledger === 'failing'
            ? 'degraded'
            : 'ready'
          : 'unavailable',
      store,
      intercom,
      ledger,
      ...(backlog > 0 ? { ledgerBacklog: backlog } : {}),
    },
  };
}
