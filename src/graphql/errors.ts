import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ForbiddenError, UnauthenticatedError } from '../auth/errors';
import {
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
  IdempotencyOutcomeUnknownError,
  IdempotencyUnavailableError,
  InputError,
  LookupLimitExceededError,
  LedgerOffError,
  LedgerUnavailableError,
  NotFoundError,
  WaitExpiredError,
  WebhooksOffError,
} from '../domain-errors';
import {
  IntercomAuthError,
  IntercomBadResponseError,
  IntercomError,
  IntercomNotFoundError,
  IntercomRateLimitedError,
  IntercomRejectedError,
  IntercomTimeoutError,
  IntercomUnavailableError,
  IntercomUnsubscribedError,
} from '../intercom/errors';

/** The `extensions.code` values a client can rely on. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  LOOKUP_LIMIT_EXCEEDED: 'LOOKUP_LIMIT_EXCEEDED',
  WEBHOOKS_OFF: 'WEBHOOKS_OFF',
  LEDGER_OFF: 'LEDGER_OFF',
  LEDGER_UNAVAILABLE: 'LEDGER_UNAVAILABLE',
  WAIT_EXPIRED: 'WAIT_EXPIRED',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_IN_PROGRESS: 'IDEMPOTENCY_IN_PROGRESS',
  IDEMPOTENCY_UNAVAILABLE: 'IDEMPOTENCY_UNAVAILABLE',
  IDEMPOTENCY_OUTCOME_UNKNOWN: 'IDEMPOTENCY_OUTCOME_UNKNOWN',
  RECIPIENT_UNSUBSCRIBED: 'RECIPIENT_UNSUBSCRIBED',
  RATE_LIMITED: 'RATE_LIMITED',
  UPSTREAM_AUTH_FAILED: 'UPSTREAM_AUTH_FAILED',
  UPSTREAM_REJECTED: 'UPSTREAM_REJECTED',
  UPSTREAM_TIMEOUT: 'UPSTREAM_TIMEOUT',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_BAD_RESPONSE: 'UPSTREAM_BAD_RESPONSE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

const MAY_HAVE_BEEN_SENT =
  ' The message may have been sent: check in Intercom before sending it again.';

function upstream(error: IntercomError, code: string, message: string): GraphQLFormattedError {
  const intercom =
    error.status === undefined
      ? undefined
      : { status: error.status, code: error.code ?? null, requestId: error.requestId ?? null };
  return {
    message: error.mayHaveBeenSent ? message + MAY_HAVE_BEEN_SENT : message,
    extensions: {
      code,
      mayHaveBeenSent: error.mayHaveBeenSent,
      ...(intercom ? { intercom } : {}),
    },
  };
}

function fromIntercomError(error: IntercomError): GraphQLFormattedError {
  if (error instanceof IntercomAuthError) {
    return upstream(
      error,
      ErrorCode.UPSTREAM_AUTH_FAILED,
      "Intercom refused the gateway's credentials. Your request was fine: the gateway's operator has to fix its Intercom access token.",
    );
  }
  if (error instanceof IntercomNotFoundError) {
    return upstream(
      error,
      ErrorCode.NOT_FOUND,
      error.upstreamMessage !== undefined && !error.mayBeNewContact
        ? `Intercom found no such admin: ${error.upstreamMessage}`
        : `Intercom found no such contact${error.upstreamMessage ? ` (${error.upstreamMessage})` : ''}, or it was created moments ago and cannot be messaged yet.`,
    );
  }
  if (error instanceof IntercomUnsubscribedError) {
    return upstream(
      error,
      ErrorCode.RECIPIENT_UNSUBSCRIBED,
      'This user has unsubscribed from emails. Send an in-app message instead, or write to them from your Intercom workspace.',
    );
  }
  if (error instanceof IntercomRateLimitedError) {
    const formatted = upstream(
      error,
      ErrorCode.RATE_LIMITED,
      `Intercom's rate limit is exhausted. Try again in ${error.retryAfterSeconds} seconds.`,
    );
    return {
      ...formatted,
      extensions: { ...formatted.extensions, retryAfterSeconds: error.retryAfterSeconds },
    };
  }
  if (error instanceof IntercomRejectedError) {
    const reason = error.upstreamMessage ? `: ${error.upstreamMessage}` : '.';
    return upstream(error, ErrorCode.UPSTREAM_REJECTED, `Intercom refused the request${reason}`);
  }
  if (error instanceof IntercomTimeoutError) {
    // Our own sentence: no answer in time, the gateway stopping, or no connection free in time.
    return upstream(error, ErrorCode.UPSTREAM_TIMEOUT, error.message);
  }
  if (error instanceof IntercomBadResponseError) {
    return upstream(
      error,
      ErrorCode.UPSTREAM_BAD_RESPONSE,
      // Our own sentence about what was wrong with the answer; it holds no secret.
      error.message,
    );
  }
  if (error instanceof IntercomUnavailableError) {
    return upstream(error, ErrorCode.UPSTREAM_UNAVAILABLE, 'Intercom is unavailable right now.');
  }
  return upstream(error, ErrorCode.UPSTREAM_UNAVAILABLE, 'Intercom is unavailable right now.');
}

/**
 * The error behind a GraphQL error: a resolver's (Apollo wraps those with a path) or one a
 * plugin raised as the original error of a GraphQLError.
 */
function domainErrorOf(error: unknown): unknown {
  const original = unwrapResolverError(error);
  return original instanceof GraphQLError && original.originalError instanceof InputError
    ? original.originalError
    : original;
}

/** Whether an error reached the client as itself, or is an unexpected one to mask and log. */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  return (
    original instanceof InputError ||
    original instanceof NotFoundError ||
    original instanceof IdempotencyKeyReusedError ||
    original instanceof IdempotencyInProgressError ||
    original instanceof IdempotencyUnavailableError ||
    original instanceof IdempotencyOutcomeUnknownError ||
    original instanceof ForbiddenError ||
    original instanceof UnauthenticatedError ||
    original instanceof LookupLimitExceededError ||
    original instanceof WebhooksOffError ||
    original instanceof LedgerOffError ||
    original instanceof LedgerUnavailableError ||
    original instanceof WaitExpiredError ||
    original instanceof IntercomError ||
    original instanceof GraphQLError
  );
}

/**
 * graphql-js's execution refusing an argument built from a literal and variables
 * (`Argument "input" has invalid value {…}.`, `… was provided the variable "$a" …`).
 */
const EXECUTION_ARGUMENT = new RegExp(
  '^Argument "([_A-Za-z][_0-9A-Za-z]{0,63})" ' +
    '(?:has invalid value |of required type "[^"]*" was provided the variable )',
);

/**
 * Apollo's `formatError`: domain and upstream errors become stable codes and sentences; GraphQL's
 * own errors (parse, validation, variables) pass through; anything else is masked.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = domainErrorOf(error);
  const where = {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  if (original instanceof InputError) {
    return {
      message: 'The input is not valid: see extensions.fieldErrors for each field.',
      ...where,
      extensions: { code: ErrorCode.BAD_USER_INPUT, fieldErrors: original.fieldErrors },
    };
  }
  if (original instanceof NotFoundError) {
    return { message: original.message, ...where, extensions: { code: ErrorCode.NOT_FOUND } };
  }
  if (original instanceof IdempotencyKeyReusedError) {
    return {
      message: original.message,
      ...where,
      extensions: { code: ErrorCode.IDEMPOTENCY_KEY_REUSED },
    };
  }
  if (original instanceof IdempotencyUnavailableError) {
    return {
      message: original.message,
      ...where,
      extensions: { code: ErrorCode.IDEMPOTENCY_UNAVAILABLE, mayHaveBeenSent: false },
    };
  }
  if (original instanceof IdempotencyOutcomeUnknownError) {
    return {
      message: original.message,
      ...where,
      extensions: { code: ErrorCode.IDEMPOTENCY_OUTCOME_UNKNOWN, mayHaveBeenSent: true },
    };
  }
  if (original instanceof IdempotencyInProgressError) {
    return {
      message: original.message,
      ...where,
      extensions: { code: ErrorCode.IDEMPOTENCY_IN_PROGRESS },
    };
  }
  if (original instanceof ForbiddenError) {
    return { message: original.message, ...where, extensions: { code: ErrorCode.FORBIDDEN } };
  }
  if (original instanceof UnauthenticatedError) {
    return { message: original.message, ...where, extensions: { code: ErrorCode.UNAUTHENTICATED } };
  }
  if (original instanceof LookupLimitExceededError) {
    return {
      message: original.message,
      ...where,
      extensions: { code: ErrorCode.LOOKUP_LIMIT_EXCEEDED, maxPages: original.maxPages },
    };
  }
  if (original instanceof LedgerUnavailableError) {
    return {
      message: original.message,
      ...where,
      extensions: { code: ErrorCode.LEDGER_UNAVAILABLE, mayHaveBeenSent: false },
    };
  }
  if (original instanceof LedgerOffError) {
    return { message: original.message, ...where, extensions: { code: ErrorCode.LEDGER_OFF } };
  }
  if (original instanceof WebhooksOffError) {
    return { message: original.message, ...where, extensions: { code: ErrorCode.WEBHOOKS_OFF } };
  }
  if (original instanceof WaitExpiredError) {
    return { message: original.message, ...where, extensions: { code: ErrorCode.WAIT_EXPIRED } };
  }
  if (original instanceof IntercomError) return { ...fromIntercomError(original), ...where };
  if (original instanceof GraphQLError) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    if (formatted.message.startsWith('Unknown operation named')) {
      // Apollo Server's sentence repeats `operationName`, any text the client chose.
      return {
        ...formatted,
        message: 'The document has no operation of that operationName.',
        extensions,
      };
    }
    const argument = EXECUTION_ARGUMENT.exec(formatted.message);
    if (argument) {
      // graphql-js's execution prints the argument's whole literal (`has invalid value {…}`) or
      // the variable's name: what the client wrote. The argument's own name is the schema's.
      return {
        ...formatted,
        message: `Argument "${argument[1]}" has an invalid value.`,
        extensions,
      };
    }
    return { ...formatted, extensions };
  }
  return {
    message: 'Something went wrong in the gateway. It has been logged.',
    ...where,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
