import { CombinedGraphQLErrors, ServerError } from '@apollo/client';

/** What the app needs from a gateway error to tell the person what happened and what to do. */
export interface GatewayProblem {
  readonly code: string;
  readonly message: string;
  /** BAD_USER_INPUT: each field's sentence, by the field's path (`input.to.email`). */
  readonly fieldErrors: Readonly<Record<string, string>>;
  /** RATE_LIMITED: when to try again. */
  readonly retryAfterSeconds: number | null;
  /** true: Intercom may have the message; retry only with the same idempotency key. */
  readonly mayHaveBeenSent: boolean;
}

interface FieldError {
  readonly field: string;
  readonly message: string;
}

export function describeProblem(error: unknown): GatewayProblem {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const extensions = (first?.extensions ?? {}) as Record<string, unknown>;
    const fieldErrors: Record<string, string> = {};
    for (const each of (extensions.fieldErrors as FieldError[] | undefined) ?? []) {
      fieldErrors[each.field] ??= each.message;
    }
    return {
      code: typeof extensions.code === 'string' ? extensions.code : 'UNKNOWN',
      message: first?.message ?? 'The gateway refused the request.',
      fieldErrors,
      retryAfterSeconds:
        typeof extensions.retryAfterSeconds === 'number' ? extensions.retryAfterSeconds : null,
      mayHaveBeenSent: extensions.mayHaveBeenSent === true,
    };
  }
  // The gateway answers 401/429 before GraphQL runs; the body still carries a GraphQL error.
  let first: { message?: string; extensions?: Record<string, unknown> } | undefined;
  if (ServerError.is(error)) {
    try {
      first = (JSON.parse(error.bodyText) as { errors?: (typeof first)[] }).errors?.[0];
    } catch {
      first = { message: `The gateway answered HTTP ${error.statusCode}.` };
    }
  }
  const code = first?.extensions?.code;
  const retryAfterSeconds = first?.extensions?.retryAfterSeconds;
  return {
    code: typeof code === 'string' ? code : 'NETWORK_ERROR',
    message: first?.message ?? 'The gateway could not be reached. Check that it is running.',
    fieldErrors: {},
    retryAfterSeconds: typeof retryAfterSeconds === 'number' ? retryAfterSeconds : null,
    mayHaveBeenSent: false,
  };
}

/** Codes after which the same send may be tried again, with the same idempotency key. */
export const RETRYABLE = new Set([
  'RATE_LIMITED',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_BAD_RESPONSE',
  'IDEMPOTENCY_IN_PROGRESS',
  'IDEMPOTENCY_UNAVAILABLE',
  'LEDGER_UNAVAILABLE',
  'NETWORK_ERROR',
]);
