import { createHash } from 'node:crypto';
import {
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  IdempotencyUnavailableError,
} from '../domain-errors';
import {
  IntercomBadResponseError,
  IntercomError,
  IntercomTimeoutError,
  IntercomUnavailableError,
  type UpstreamDetails,
} from '../intercom/errors';
import type { IdempotencyStore, StoredOutcome } from '../store/idempotency-store';

/** How a result is kept in the store and brought back. */
export interface OutcomeCodec<T> {
  encode(value: T): unknown;
  decode(stored: unknown): T;
}

/** Canonical JSON: sorted keys, absent and null fields dropped, so equal inputs hash alike. */
function canonical(value: unknown): string {
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
  createHash('sha256')
    .update(`${operation}\n${canonical(input)}`)
    .digest('hex');

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
  readonly onReplay?: () => void;
  /** Refuse to send when the store fails, instead of sending without the guarantee. */
  readonly required?: boolean;
  /** Told when the store failed and the send went ahead without the guarantee. */
  readonly onDegraded?: (error: unknown) => void;
}

/**
 * Runs a send at most once per idempotency key: the same key and input within the TTL gets the
 * first outcome without calling Intercom again; concurrent requests with one key share one send.
 * A failure that certainly sent nothing (bad input, 4xx, refused connection) frees the key.
 */
export class IdempotentSends {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly options: IdempotencyOptions,
  ) {}

  async run<T>(
    key: string,
    fingerprint: string,
    codec: OutcomeCodec<T>,
    send: () => Promise<T>,
  ): Promise<T> {
    for (;;) {
      let claim;
      try {
        claim = await this.store.claim(key, fingerprint, this.options.ttlMs);
      } catch (error) {
        if (this.options.required) throw new IdempotencyUnavailableError();
        this.options.onDegraded?.(error);
        return send();
      }
      if (claim.state !== 'claimed' && claim.fingerprint !== fingerprint) {
        throw new IdempotencyKeyReusedError();
      }
      if (claim.state === 'completed') {
        this.options.onReplay?.();
        if (claim.outcome.ok) return codec.decode(claim.outcome.value);
        throw replayedError(claim.outcome.error);
      }
      if (claim.state === 'in-progress') {
        const deadline = Date.now() + this.options.waitMs;
        await this.store.settled(key, this.options.waitMs).catch(() => undefined);
        if (Date.now() >= deadline) throw new IdempotencyInProgressError();
        continue;
      }
      return this.sendOnce(key, fingerprint, codec, send);
    }
  }

  private async sendOnce<T>(
    key: string,
    fingerprint: string,
    codec: OutcomeCodec<T>,
    send: () => Promise<T>,
  ): Promise<T> {
    let value: T;
    try {
      value = await send();
    } catch (error) {
      const stored = storedError(error);
      await (
        stored
          ? this.store.complete(key, fingerprint, stored, this.options.ttlMs)
          : this.store.release(key)
      ).catch((storeError: unknown) => this.options.onDegraded?.(storeError));
      throw error;
    }
    // The message is sent: a store failure now must not turn success into an error.
    await this.store
      .complete(key, fingerprint, { ok: true, value: codec.encode(value) }, this.options.ttlMs)
      .catch((storeError: unknown) => this.options.onDegraded?.(storeError));
    return value;
  }
}
