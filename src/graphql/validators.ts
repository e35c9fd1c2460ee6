import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { isEmail } from 'class-validator';
import {
  EMAIL_MAX_LENGTH,
  INTERCOM_ID_MAX_LENGTH,
  isAdminId,
  isIntercomId,
} from '../intercom/id-shapes';
import { MessageType } from '../messages/message.model';

/**
 * The gateway's own class-validator rules, beside the built-in ones, so each input class keeps
 * its rules on its fields.
 */

function rule(
  name: string,
  validate: (value: unknown, args: ValidationArguments) => boolean,
  defaultMessage: string | ((args: ValidationArguments) => string),
  options?: ValidationOptions,
) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate,
        defaultMessage: typeof defaultMessage === 'string' ? () => defaultMessage : defaultMessage,
      },
    });
  };
}

/** A string with something besides white space in it. */
export const IsNotBlank = (what: string) =>
  rule(
    'isNotBlank',
    (value) => typeof value === 'string' && value.trim() !== '',
    `${what} must not be empty.`,
  );

/** Where a tag would begin: `<` and a letter, or `</` and a letter. */
const TAG_START = /<\/?[a-z]/i;

/**
 * Whether the text holds an HTML tag (`<` + optional `/` + letter, later closed by `>`), in one
 * pass: once the first tag start is found, any `>` after it closes a tag, and when none follows
 * the first start, none follows a later one either. (A single regex with `[^>]*>` rescans the rest
 * of the text from every `<`: quadratic on a body of `<a<a<a...`.)
 */
export function containsHtmlTag(text: string): boolean {
  const start = TAG_START.exec(text);
  return start !== null && text.indexOf('>', start.index + start[0].length) !== -1;
}

/** Plain text: no HTML tag. */
export const IsPlainText = (what: string) =>
  rule(
    'isPlainText',
    (value) => typeof value !== 'string' || !containsHtmlTag(value),
    `${what} is plain text: remove the HTML tags.`,
  );

/** An Intercom contact, conversation or message id: short, letters, digits, `_` and `-`. */
export const IsIntercomId = (what: string) =>
  rule(
    'isIntercomId',
    (value) => value == null || value === '' || isIntercomId(value),
    `${what} is not an Intercom id: 1-${INTERCOM_ID_MAX_LENGTH} letters, digits, _ or -.`,
  );

/** Digits with a leading zero: a number's digits, but not as Intercom writes the number. */
const hasLeadingZero = (value: unknown): boolean =>
  typeof value === 'string' && value.length > 1 && value.startsWith('0');

/**
 * An Intercom admin id: a whole number, written as Intercom gives it. API 2.7+ takes it as a
 * JSON number, so an id with a leading zero (`0394051`) would reach Intercom as another string
 * of digits (`394051`) than the one given: it is refused, so every version sends the id as given.
 */
export const IsAdminId = () =>
  rule(
    'isAdminId',
    (value) => isAdminId(value) && !hasLeadingZero(value),
    (args) =>
      isAdminId(args.value)
        ? 'An admin id has no leading zeros, as Intercom gives it.'
        : 'An admin id is a number, as Intercom gives it (at most 16 digits).',
  );

/** An email address, its length checked before any pattern runs. */
export const IsBoundedEmail = (what: string) =>
  rule(
    'isBoundedEmail',
    (value) =>
      value == null ||
      (typeof value === 'string' && value.length <= EMAIL_MAX_LENGTH && isEmail(value)),
    `${what} must be an email address.`,
  );

/**
 * On a contact input's `type` field: the contact carries exactly one of `id`, `userId`, `email`.
 * The violation is reported on the contact object itself (`input.to`), not on `type`.
 */
export const IdentifiedByExactlyOne = () =>
  rule(
    'identifiedByExactlyOne',
    (_value, args) => {
      const contact = args.object as Record<string, unknown>;
      return ['id', 'userId', 'email'].filter((key) => contact[key] != null).length === 1;
    },
    'Give exactly one of id, userId or email.',
    { context: { reportOnParent: true } },
  );

/**
 * A field that emails need and in-app messages must not have (Intercom would silently ignore
 * it there, which surprises people): required and non-blank for EMAIL, absent for IN_APP.
 */
export const EmailOnly = (what: string, maxLength?: number) =>
  rule(
    'emailOnly',
    (value, args) => {
      const isEmail =
        (args.object as { messageType?: MessageType }).messageType === MessageType.EMAIL;
      if (!isEmail) return value == null;
      if (typeof value === 'string')
        return value.trim() !== '' && (maxLength === undefined || value.length <= maxLength);
      return value != null;
    },
    (args) => {
      const isEmail =
        (args.object as { messageType?: MessageType }).messageType === MessageType.EMAIL;
      if (!isEmail) return `Only emails have a ${what}: remove it for IN_APP messages.`;
      if (
        typeof args.value === 'string' &&
        maxLength !== undefined &&
        args.value.length > maxLength
      ) {
        return `The ${what} may be at most ${maxLength} characters.`;
      }
      return `An email needs a ${what}.`;
    },
  );

/** On a reply input: exactly one of `admin` and `contact` writes it (reported on the input). */
export const OneReplier = () =>
  rule(
    'oneReplier',
    (_value, args) => {
      const input = args.object as { admin?: unknown; contact?: unknown };
      return (input.admin != null) !== (input.contact != null);
    },
    'Give exactly one of admin or contact: who writes the reply.',
    { context: { reportOnParent: true } },
  );

/** A note is an admin's: a contact's reply is a comment. */
export const AdminOnlyNote = () =>
  rule(
    'adminOnlyNote',
    (value, args) => value !== 'NOTE' || (args.object as { admin?: unknown }).admin != null,
    'Only an admin writes notes: a contact’s reply is a COMMENT.',
  );

/** Plain text when a contact writes (Intercom shows a contact's HTML as text). */
export const PlainTextFromContact = () =>
  rule(
    'plainTextFromContact',
    (value, args) =>
      (args.object as { contact?: unknown }).contact == null ||
      typeof value !== 'string' ||
      !containsHtmlTag(value),
    'A contact’s reply is plain text: remove the HTML tags.',
  );

export const ATTACHMENT_URL_MAX_LENGTH = 2048;

/** An http(s) URL Intercom can fetch a file from; its length is checked before it is parsed. */
export const IsAttachmentUrl = (options?: ValidationOptions) =>
  rule(
    'isAttachmentUrl',
    (value) => {
      if (typeof value !== 'string' || value.length > ATTACHMENT_URL_MAX_LENGTH) return false;
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    `Each attachment URL is an http(s) URL of at most ${ATTACHMENT_URL_MAX_LENGTH} characters.`,
    options,
  );
