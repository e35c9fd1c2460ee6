/**
 * What can go wrong when calling Intercom, one class per kind of failure. Each knows the HTTP
 * status and Intercom's error `code` and `request_id` where Intercom answered, and whether a
 * message may have been created despite the failure (`mayHaveBeenSent`): a send that may have
 * been accepted is never retried.
 */
export interface UpstreamDetails {
  readonly status?: number;
  readonly code?: string;
  readonly requestId?: string;
  readonly mayHaveBeenSent?: boolean;
}

export abstract class IntercomError extends Error {
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly mayHaveBeenSent: boolean;

  constructor(message: string, details: UpstreamDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.mayHaveBeenSent = details.mayHaveBeenSent ?? false;
  }
}

/** 401, or a 403 about the token or the plan: the gateway's credentials, not the caller's input. */
export class IntercomAuthError extends IntercomError {}

/** 404: the admin, contact or conversation does not exist (or cannot be messaged yet). */
export class IntercomNotFoundError extends IntercomError {
  constructor(
    message: string,
    /** Intercom's own sentence ("Admin not found", "User Not Found"), safe to show. */
    readonly upstreamMessage: string | undefined,
    details: UpstreamDetails = {},
  ) {
    super(message, details);
  }

  /**
   * Whether the missing thing can be a contact created moments ago (Intercom's "short delay
   * after contact creation"): not when Intercom says it is the admin.
   */
  get mayBeNewContact(): boolean {
    return this.code !== 'admin_not_found' && !/\badmin\b/i.test(this.upstreamMessage ?? '');
  }
}

/** 403 for an email to a user who unsubscribed from emails. */
export class IntercomUnsubscribedError extends IntercomError {}

/** 429 after the retries the policy allows. */
export class IntercomRateLimitedError extends IntercomError {
  /** Whole seconds to tell a client, at least 1. */
  readonly retryAfterSeconds: number;

  constructor(
    message: string,
    /** How long until Intercom accepts requests again, as its headers say. */
    readonly retryAfterMs: number,
    details: UpstreamDetails = {},
  ) {
    super(message, details);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }
}

/** Any other 4xx: Intercom refused the request as given. */
export class IntercomRejectedError extends IntercomError {
  constructor(
    message: string,
    /** Intercom's own sentence, safe to show: it describes the request, not our secrets. */
    readonly upstreamMessage: string | undefined,
    details: UpstreamDetails = {},
  ) {
    super(message, details);
  }
}

/** No answer within the configured timeouts. */
export class IntercomTimeoutError extends IntercomError {}

/**
 * Every connection to Intercom stayed busy until too little of the call's time was left: the
 * call was never written, so it certainly was not sent and may be made again later.
 */
export class IntercomConnectionsBusyError extends IntercomTimeoutError {
  constructor() {
    super(
      "Every connection to Intercom was busy until too little of this call's time was left to make it.",
      { mayHaveBeenSent: false },
    );
  }
}

/** 5xx, connection refused or reset. */
export class IntercomUnavailableError extends IntercomError {}

/** The gateway is shutting down: the call was not made (nothing was written). */
export class IntercomShutdownError extends IntercomUnavailableError {
  constructor() {
    super('The gateway is shutting down.', { mayHaveBeenSent: false });
  }
}

/** An answer that is not the JSON Intercom sends. */
export class IntercomBadResponseError extends IntercomError {}
