/** One problem with one input field, addressed the way a form would show it. */
export interface FieldError {
  /** Path from the argument, e.g. `input.to.email`. */
  readonly field: string;
  readonly message: string;
}

/**
 * The caller's input cannot be sent as given. Raised before any call to Intercom, by the
 * validation rules and by rules that depend on the configured Intercom version.
 */
export class InputError extends Error {
  constructor(readonly fieldErrors: readonly FieldError[]) {
    super(fieldErrors.map((error) => `${error.field}: ${error.message}`).join('; '));
    this.name = 'InputError';
  }
}

/** Something the caller named does not exist in Intercom (found out without a failed send). */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/**
 * A conversation Intercom does not have, and the one answer for a conversation the caller may
 * not know of (a person's token, another person's conversation): the same code and sentence, so
 * that the answer tells no conversation's existence.
 */
export class ConversationNotFoundError extends NotFoundError {
  constructor() {
    super('Intercom has no conversation with that id.');
  }
}

/** A walk over Intercom's pages stopped at the configured limit before finding its answer. */
export class LookupLimitExceededError extends Error {
  constructor(readonly maxPages: number) {
    super(
      `The conversation lookup stopped after ${maxPages} pages of the contact's conversations without finding the message.`,
    );
    this.name = 'LookupLimitExceededError';
  }
}

/** An idempotency key sent again with a different input. */
export class IdempotencyKeyReusedError extends Error {
  constructor() {
    super(
      'This idempotencyKey was already used with a different input. Use a new key for a new message.',
    );
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The first send with this idempotency key has not finished in time. */
export class IdempotencyInProgressError extends Error {
  constructor() {
    super('A send with this idempotencyKey is still in progress. Try again shortly.');
    this.name = 'IdempotencyInProgressError';
  }
}

/**
 * The first send with this idempotency key was taken by a gateway that went away before it
 * finished (its lease ran out): Intercom may hold the message. Never sent again under this key.
 */
export class IdempotencyOutcomeUnknownError extends Error {
  constructor() {
    super(
      'The first request with this idempotencyKey stopped before it finished (its gateway went away): the message may have been sent. Check in Intercom before sending it again with a new key.',
    );
    this.name = 'IdempotencyOutcomeUnknownError';
  }
}

/** The shared idempotency store is down and IDEMPOTENCY_REQUIRED forbids sending without it. */
export class IdempotencyUnavailableError extends Error {
  constructor() {
    super(
      'Sends with an idempotencyKey are paused: the idempotency store is unavailable. Try again shortly.',
    );
    this.name = 'IdempotencyUnavailableError';
  }
}

/** A subscription that only Intercom's webhooks can feed, on a gateway that receives none. */
export class WebhooksOffError extends Error {
  constructor() {
    super(
      "conversationUpdated needs Intercom's webhooks, and this gateway receives none (INTERCOM_CLIENT_SECRET is not set). Query the conversation instead, or configure webhooks.",
    );
    this.name = 'WebhooksOffError';
  }
}

/** A wait that polls Intercom (webhooks off) ended at its bound without an answer. */
export class WaitExpiredError extends Error {
  constructor(readonly waitedMs: number) {
    super(
      `No reply came within ${Math.round(waitedMs / 1000)} seconds of asking Intercom. Subscribe again to keep waiting.`,
    );
    this.name = 'WaitExpiredError';
  }
}

/** The ledger was asked for, and LEDGER=off. */
/** LEDGER_REQUIRED=true and the ledger cannot take the send's entry: nothing was sent. */
export class LedgerUnavailableError extends Error {
  constructor() {
    super(
      'Sends are paused: the gateway cannot record them in its ledger (LEDGER_REQUIRED=true). Nothing was sent; try again shortly.',
    );
    this.name = 'LedgerUnavailableError';
  }
}

export class LedgerOffError extends Error {
  constructor() {
    super('This gateway keeps no record of what it sent (LEDGER=off).');
    this.name = 'LedgerOffError';
  }
}
