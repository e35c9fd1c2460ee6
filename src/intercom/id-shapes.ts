/**
 * The shapes of the identifiers Intercom hands out, checked before an id reaches a URL or a
 * request body. Every check looks at the length first, so no pattern ever runs on a long string.
 */

/** Contact, conversation and message ids: Intercom's are short runs of letters and digits. */
export const INTERCOM_ID_MAX_LENGTH = 64;
const INTERCOM_ID = /^[A-Za-z0-9_-]+$/;

/** Admin ids are whole numbers that JSON carries exactly (2.7+ sends them as numbers). */
export const ADMIN_ID_MAX_DIGITS = 16;
const DIGITS = /^[0-9]+$/;

/** Your own contact ids (Intercom `user_id` / `external_id`) and emails. */
export const USER_ID_MAX_LENGTH = 255;
export const EMAIL_MAX_LENGTH = 254;

export function isIntercomId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= INTERCOM_ID_MAX_LENGTH &&
    INTERCOM_ID.test(value)
  );
}

/**
 * An id as an answer of Intercom's carries it (a string, or a whole number), when it has the
 * shape of Intercom's ids; otherwise null. What the gateway keeps of an answer is keyed by such
 * ids, so an id of any other length or alphabet is not taken.
 */
export function intercomIdOf(value: unknown): string | null {
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  return isIntercomId(id) ? id : null;
}

export function isAdminId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= ADMIN_ID_MAX_DIGITS &&
    DIGITS.test(value) &&
    Number(value) <= Number.MAX_SAFE_INTEGER
  );
}
