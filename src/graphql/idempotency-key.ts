/** The documented shape of an idempotency key. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{1,255}$/;
export const IDEMPOTENCY_KEY_MESSAGE =
  'idempotencyKey must be 1-255 characters of letters, digits, _ - . or :';
export const IDEMPOTENCY_KEY_TTL_HINT = 'IDEMPOTENCY_TTL_SECONDS (default 24 hours)';
