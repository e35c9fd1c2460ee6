import { hash, randomUUID } from 'node:crypto';
import {
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  IdempotencyOutcomeUnknownError,
  IdempotencyUnavailableError,
} from '../domain-errors';
import {
  IntercomBadResponseError,
  IntercomError,
  IntercomTimeoutError,
  IntercomUnavailableError,
  type UpstreamDetails,
} from '../intercom/errors';
import type { ClaimResult, IdempotencyStore, StoredOutcome } from '../store/idempotency-store';

/** How a result is kept in the store and brought back. */
export interface OutcomeCodec<T> {
  encode(value: T): unknown;
  decode(stored: unknown): T;
}

/** Canonical JSON: sorted keys, absent and null fields dropped, so equal inputs hash alike. */
function canonical(value: unknown): string {
  // A Date has no fields of its own: as an object it would read `{}` whatever its time.
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined && field !== null)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, field]) => `${JSON.stringify(key)}:${canonical(field)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

export const fingerprintOf = (operation: string, input: unknown): string =>
  hash('sha256', `${operation}\n${canonical(input)}`, 'hex');

/** Only failures after which Intercom may hold the message are kept and replayed. */
const REPLAYABLE_ERRORS: Record<
  string,
  new (message: string, details: UpstreamDetails) => IntercomError
> = {
  IntercomTimeoutError,
  IntercomUnavailableError,
  IntercomBadResponseError,
};

function storedError(error: unknown): StoredOutcome | undefined {
  if (!(error instanceof IntercomError) || !error.mayHaveBeenSent) return undefined;
  if (!(error.name in REPLAYABLE_ERRORS)) return undefined;
  return {
    ok: false,
    error: {
      name: error.name,
      message: error.message,
      details: {
        status: error.status,
        code: error.code,
        requestId: error.requestId,
        mayHaveBeenSent: true,
      },
    },
  };
}

function replayedError(stored: Extract<StoredOutcome, { ok: false }>['error']): Error {
  const ErrorClass = REPLAYABLE_ERRORS[stored.name] ?? IntercomUnavailableError;
  return new ErrorClass(stored.message, stored.details as UpstreamDetails);
}

export interface IdempotencyOptions {
  readonly ttlMs: number;
  /** How long a second request waits for the first one with its key. */
  readonly waitMs: number;
  /** How long a claim lives without renewal; renewed every third of it while the send is alive. */
  readonly leaseMs: number;
  readonly onReplay?: () => void;
  /** Refuse to send when the store fails, instead of sending without the shared guarantee. */
  readonly required?: boolean;
  /** Told when the store failed and the send went ahead with this replica's own store. */
  readonly onDegraded?: (error: unknown) => void;
}

/**
 * Runs a send at most once per idempotency key: the same key and input within the TTL gets the
 * first outcome without calling Intercom again; concurrent requests with one key share one send.
 * A failure that certainly sent nothing (bad input, 4xx, refused connection) frees the key. A
 * claim is a lease its owner renews while sending: when the owner dies, the key answers
 * IDEMPOTENCY_OUTCOME_UNKNOWN (the message may have been sent), never a second send.
 */
export class IdempotentSends {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly options: IdempotencyOptions,
    /** This replica's own store, used while `store` (Redis) fails: exactly-once per replica. */
    private readonly fallback?: IdempotencyStore,
  ) {}

  async run<T>(
    key: string,
    fingerprint: string,
    codec: OutcomeCodec<T>,
    send: () => Promise<T>,
  ): Promise<T> {
    const deadline = Date.now() + this.options.waitMs;
    for (;;) {
      const owner = randomUUID();
      let store = this.store;
      let claim: ClaimResult;
      try {
        claim = await this.claim(store, key, fingerprint, owner);
      } catch (error) {
        if (this.options.required) throw new IdempotencyUnavailableError();
        this.options.onDegraded?.(error);
        if (!this.fallback) return send();
        store = this.fallback;
        claim = await this.claim(store, key, fingerprint, owner);
      }
      if (claim.state === 'claimed' && this.fallback && store !== this.fallback) {
        // A send made while the store failed is known to this replica's own store only: its
        // record answers the key once the store is back, instead of a second send.
        const local = await this.claim(this.fallback, key, fingerprint, owner);
        if (local.state === 'claimed') {
          await this.fallback.release(key, owner);
        } else {
          await store.release(key, owner).catch(() => undefined);
          store = this.fallback;
          claim = local;
        }
      }
      if (claim.state !== 'claimed' && claim.fingerprint !== fingerprint) {
        throw new IdempotencyKeyReusedError();
      }
      if (claim.state === 'completed') {
        this.options.onReplay?.();
        if (claim.outcome.ok) return codec.decode(claim.outcome.value);
        throw replayedError(claim.outcome.error);
      }
      if (claim.state === 'abandoned') throw new IdempotencyOutcomeUnknownError();
      if (claim.state === 'in-progress') {
        await store.settled(key, Math.max(0, deadline - Date.now())).catch(() => undefined);
        if (Date.now() >= deadline) throw new IdempotencyInProgressError();
        continue;
      }
      return this.sendOnce(store, key, owner, fingerprint, codec, send);
    }
  }

  private claim(
    store: IdempotencyStore,
    key: string,
    fingerprint: string,
    owner: string,
  ): Promise<ClaimResult> {
    return store.claim(key, fingerprint, owner, this.options.leaseMs, this.options.ttlMs);
  }

  private async sendOnce<T>(
    store: IdempotencyStore,
    key: string,
    owner: string,
    fingerprint: string,
    codec: OutcomeCodec<T>,
    send: () => Promise<T>,
  ): Promise<T> {
    const { leaseMs, ttlMs } = this.options;
    // The lease lives while this send does; a renewal that fails is tried again next time.
    const renewal = setInterval(
      () => void store.renew(key, owner, leaseMs).catch(() => undefined),
      Math.max(1, Math.floor(leaseMs / 3)),
    );
    renewal.unref();
    let value: T;
    try {
      value = await send();
    } catch (error) {
      clearInterval(renewal);
      const stored = storedError(error);
      await (
        stored ? store.complete(key, fingerprint, stored, ttlMs) : store.release(key, owner)
      ).catch((storeError: unknown) => this.options.onDegraded?.(storeError));
      throw error;
    }
    clearInterval(renewal);
    // The message is sent: a store failure now must not turn success into an error, nor may
    // an answer the record cannot hold (its claim is left to its lease, then reads as unknown).
    try {
      await store.complete(key, fingerprint, { ok: true, value: codec.encode(value) }, ttlMs);
    } catch (storeError) {
      this.options.onDegraded?.(storeError);
    }
    return value;
  }
}
