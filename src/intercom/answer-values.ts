/**
 * Bounds on the values the gateway keeps of Intercom's answers. What it keeps (idempotency
 * records, caches, subscription state) is bounded by count; these bound each value, so an answer
 * of megabytes, within INTERCOM_MAX_RESPONSE_BYTES, cannot make each of them megabytes. A value
 * past its bound reads as absent: no legitimate answer comes near one. Bodies are the exception
 * (an inbound email's may be long): a conversation's are read whole and bounded where they are
 * kept (`keptBody`).
 */

/** Longer than any admin's or contact's name Intercom's settings accept. */
export const ANSWER_NAME_MAX_LENGTH = 255;

/**
 * The longest body of a message or a conversation part the gateway keeps: twice the longest a
 * request may send (MESSAGE_BODY_MAX_LENGTH, 65,536 characters), room for Intercom's markup.
 */
export const ANSWER_BODY_MAX_LENGTH = 131_072;

/** Attachment addresses: longer than any URL a browser or Intercom's CDN hands out. */
export const ANSWER_URL_MAX_LENGTH = 2048;

/** Kinds Intercom names with a word (`admin`, `comment`, `assignment`, `email`). */
export const ANSWER_WORD_MAX_LENGTH = 64;

/** A string of the answer no longer than `max`, or null. */
export const boundedText = (value: unknown, max: number): string | null =>
  typeof value === 'string' && value.length <= max ? value : null;

/**
 * A body as a record kept for a day (an idempotency record) holds it: null past the bound, where
 * a read answers it whole.
 */
export const keptBody = (body: string | null): string | null =>
  body !== null && body.length > ANSWER_BODY_MAX_LENGTH ? null : body;
